import { isDigest, isRepositoryName, isRepositoryPath, isTag } from './image-reference';

const SHA256 = `sha256:${'a'.repeat(64)}`;

describe('image reference grammars', () => {
  it.each(['acme/api', 'acme/team/api', 'a0/b.c_d__e-f--g/h', `acme/${'x'.repeat(250)}`])(
    'accepts the repository name %j',
    (name) => expect(isRepositoryName(name)).toBe(true),
  );

  it.each([
    'api',
    'acme/../../latest/meta-data',
    'acme/./api',
    'acme//api',
    '/acme/api',
    'acme/api/',
    'Acme/api',
    'acme/api%2f..',
    'acme/a___b',
    'acme/-api',
    'acme/api\u0000',
    'acme/api?x=1',
    `acme/${'x'.repeat(251)}`,
    42,
  ])('refuses the repository name %j', (name) => expect(isRepositoryName(name)).toBe(false));

  it('accepts a namespace or a repository path of one or more components', () => {
    expect(['acme', 'team/api', 'a.b'].map(isRepositoryPath)).toEqual([true, true, true]);
    expect(['', 'Acme', 'acme/', '../x', 'a b'].map(isRepositoryPath)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each(['1.0', 'latest', '_x', 'V1-rc.2', 'a'.repeat(128)])('accepts the tag %j', (tag) =>
    expect(isTag(tag)).toBe(true),
  );

  it.each(['', '.hidden', '-x', '../x', 'a/b', 'a b', 'a'.repeat(129), SHA256])('refuses the tag %j', (tag) =>
    expect(isTag(tag)).toBe(false),
  );

  it.each([SHA256, `sha512:${'0'.repeat(128)}`, `multihash+base58:${'F'.repeat(32)}`])(
    'accepts the digest %j',
    (digest) => expect(isDigest(digest)).toBe(true),
  );

  it.each([
    'sha256',
    'sha256:',
    'sha256:abc',
    `sha256:${'g'.repeat(64)}`,
    `sha256:../../${'a'.repeat(64)}`,
    `sha256:${'a'.repeat(129)}`,
  ])('refuses the digest %j', (digest) => expect(isDigest(digest)).toBe(false));

  it('matches a long name that fails at its end in linear time (no backtracking blow-up)', () => {
    const hostile = `acme/${'a'.repeat(240)}!`;
    expect(isRepositoryName(hostile)).toBe(false);
    expect(isDigest(`${'a'.repeat(150)}!`)).toBe(false);
  });
});
