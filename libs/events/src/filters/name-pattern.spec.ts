import { compileNamePattern, NamePatternError } from './name-pattern';

const matching = (pattern: string, kind: 'tag' | 'repository', names: string[]) => {
  const matches = compileNamePattern(pattern, kind);
  return names.filter((name) => matches(name));
};

describe('compileNamePattern', () => {
  const tags = ['v1', 'v1.2.0', 'v2.0.0-rc1', 'dev', 'latest', 'V3', 'release-1-final'];

  it('matches globs, several separated by commas, and leaves out the ! ones', () => {
    expect(matching('v*', 'tag', tags)).toEqual(['v1', 'v1.2.0', 'v2.0.0-rc1']);
    expect(matching('v*,!*-rc*', 'tag', tags)).toEqual(['v1', 'v1.2.0']);
    expect(matching('!*-rc*', 'tag', tags)).toEqual([
      'v1',
      'v1.2.0',
      'dev',
      'latest',
      'V3',
      'release-1-final',
    ]);
    expect(matching('dev, latest', 'tag', tags)).toEqual(['dev', 'latest']);
    expect(matching('v?', 'tag', tags)).toEqual(['v1']);
    expect(matching('[vV][0-9]*', 'tag', tags)).toEqual(['v1', 'v1.2.0', 'v2.0.0-rc1', 'V3']);
    expect(matching('[^v]*', 'tag', tags)).toEqual(['dev', 'latest', 'V3', 'release-1-final']);
    expect(matching('release-*-final', 'tag', tags)).toEqual(['release-1-final']);
    // Case matters, and a literal dot is a dot.
    expect(matching('V*', 'tag', tags)).toEqual(['V3']);
    expect(matching('v1.2.0', 'tag', ['v1.2.0', 'v1x2x0'])).toEqual(['v1.2.0']);
  });

  it('keeps * within a path segment and lets ** cross segments in repository patterns', () => {
    const repositories = ['api', 'team/api', 'team/sub/api', 'other/api', 'team'];
    expect(matching('team/*', 'repository', repositories)).toEqual(['team/api']);
    expect(matching('team/**', 'repository', repositories)).toEqual(['team/api', 'team/sub/api', 'team']);
    expect(matching('*/api', 'repository', repositories)).toEqual(['team/api', 'other/api']);
    expect(matching('**/api,!other/*', 'repository', repositories)).toEqual([
      'api',
      'team/api',
      'team/sub/api',
    ]);
  });

  it.each([
    ['', /empty glob/],
    ['v*,,dev', /empty glob/],
    ['!', /empty glob/],
    ['v1,', /empty glob/],
    ['[abc', /not valid/],
    ['v]', /not valid/],
    ['v{1,2}', /may only contain/],
    ['+(a|b)', /may only contain/],
    ['a\\*', /may only contain/],
    ['team/*', /may only contain/],
    ['*a*b*', /more than 2 \* wildcards/],
    ['v'.repeat(513), /at most 512 characters/],
    [Array.from({ length: 17 }, (_, i) => `t${i}`).join(','), /at most 16 globs/],
  ])('refuses the tag pattern %j', (pattern, message) => {
    expect(() => compileNamePattern(pattern, 'tag')).toThrow(NamePatternError);
    expect(() => compileNamePattern(pattern, 'tag')).toThrow(message);
  });

  it('refuses capitals in repository patterns (repository names are lowercase)', () => {
    expect(() => compileNamePattern('Team/*', 'repository')).toThrow(/lowercase/);
    expect(() => compileNamePattern('team/**/*-api', 'repository')).not.toThrow();
    expect(() => compileNamePattern('**/*/*', 'repository')).toThrow(/more than 2/);
  });
});
