import { splitRepositoryName } from './repository-name';

describe('splitRepositoryName', () => {
  it('takes the first path segment as the namespace and the rest as the repository', () => {
    expect(splitRepositoryName('acme/team/api')).toEqual({ namespace: 'acme', repository: 'team/api' });
  });

  it('splits a two-segment name', () => {
    expect(splitRepositoryName('acme/api')).toEqual({ namespace: 'acme', repository: 'api' });
  });

  it.each(['api', '', '/api', 'acme/'])('rejects %j', (name) => {
    expect(() => splitRepositoryName(name)).toThrow('must be <namespace>/<repository>');
  });
});
