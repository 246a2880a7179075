import { exampleEvent } from '@hookyard/testing';
import { compileEventFilter } from './event-filter';
import { eventTags, namesRepositories, TAGGED_EVENT_TYPES } from './event-names';
import { EVENT_TYPES } from '../event-types';
import { EXAMPLE_CONTENTS } from '../example-contents';

describe('compileEventFilter', () => {
  it('is undefined without patterns: nothing to check', () => {
    expect(compileEventFilter({}, 'acme')).toBeUndefined();
    expect(compileEventFilter({ tagPattern: '', repositoryPattern: '' }, null)).toBeUndefined();
  });

  it("passes events naming a tag the tagPattern matches; events naming none don't pass", () => {
    const passes = compileEventFilter({ tagPattern: 'v*,!*-rc*' }, 'acme')!;
    expect(passes(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'v1' }))).toBe(true);
    expect(passes(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'dev' }))).toBe(false);
    expect(passes(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'v2-rc1' }))).toBe(false);
    expect(passes(exampleEvent('SCAN_COMPLETED', 'acme/api', { tag: '' }))).toBe(false);
    expect(passes(exampleEvent('MANIFEST_PUSH', 'acme/api'))).toBe(false);
    expect(passes(exampleEvent('REPO_CREATED', 'acme/api'))).toBe(false);
    // Events naming several tags pass when one of them matches.
    expect(passes(exampleEvent('BUILD_QUEUED', 'acme/api', { tags: ['latest', 'v3'] }))).toBe(true);
    expect(passes(exampleEvent('BUILD_QUEUED', 'acme/api', { tags: ['latest'] }))).toBe(false);
  });

  it("matches a namespace subscription's repositoryPattern within the namespace, a global one's on full names", () => {
    const inNamespace = compileEventFilter({ repositoryPattern: 'team/*' }, 'acme')!;
    expect(inNamespace(exampleEvent('TAG_PUSH', 'acme/team/api'))).toBe(true);
    expect(inNamespace(exampleEvent('TAG_PUSH', 'acme/api'))).toBe(false);
    const everywhere = compileEventFilter({ repositoryPattern: 'acme/*' }, null)!;
    expect(everywhere(exampleEvent('REPO_CREATED', 'acme/web'))).toBe(true);
    expect(everywhere(exampleEvent('REPO_CREATED', 'other/web'))).toBe(false);
    const withoutRepository = { ...exampleEvent('RETENTION_COMPLETED', 'acme/x'), repository: undefined };
    expect(everywhere(withoutRepository)).toBe(false);
    expect(inNamespace(withoutRepository)).toBe(false);
  });

  it('needs both patterns to pass when both are set', () => {
    const passes = compileEventFilter({ tagPattern: 'v*', repositoryPattern: 'team/*' }, 'acme')!;
    expect(passes(exampleEvent('TAG_PUSH', 'acme/team/api', { tag: 'v1' }))).toBe(true);
    expect(passes(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'v1' }))).toBe(false);
    expect(passes(exampleEvent('TAG_PUSH', 'acme/team/api', { tag: 'dev' }))).toBe(false);
  });
});

describe('event names', () => {
  it('lists as tagged exactly the types whose example contents name a tag', () => {
    const tagged = EVENT_TYPES.filter((type) => {
      const contents = EXAMPLE_CONTENTS[type] as { tag?: unknown; tags?: unknown };
      return contents.tag !== undefined || contents.tags !== undefined;
    });
    expect([...TAGGED_EVENT_TYPES].sort()).toEqual([...tagged].sort());
  });

  it('names no repository for retention runs and scanner updates only', () => {
    expect(EVENT_TYPES.filter((type) => !namesRepositories(type))).toEqual([
      'SCANNER_UPDATE_COMPLETED',
      'RETENTION_COMPLETED',
    ]);
  });

  it("reads an event's tags from tag or tags", () => {
    expect(eventTags(exampleEvent('TAG_PUSH', 'a/b', { tag: 'v1' }))).toEqual(['v1']);
    expect(eventTags(exampleEvent('BUILD_STARTED', 'a/b', { tags: ['a', 'b'] }))).toEqual(['a', 'b']);
    expect(eventTags(exampleEvent('REPO_DELETED', 'a/b'))).toEqual([]);
  });
});
