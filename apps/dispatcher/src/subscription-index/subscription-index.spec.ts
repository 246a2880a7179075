import type { CanonicalEvent } from '@hookyard/events';
import { SubscriptionIndex } from './subscription-index';

const event = (type: CanonicalEvent['type'], namespace: string, repository: string): CanonicalEvent => ({
  id: 'e',
  type,
  occurredAt: '2026-01-01T00:00:00.000Z',
  source: 'test',
  namespace,
  repository,
  contents: {},
  dedupKey: 'e',
});

describe('SubscriptionIndex', () => {
  const index = new SubscriptionIndex();
  index.replaceAll([
    { id: 'repo', eventTypes: ['TAG_PUSH'], namespace: 'acme', repository: 'api' },
    { id: 'nested', eventTypes: ['TAG_PUSH'], namespace: 'acme', repository: 'team/api' },
    { id: 'namespace', eventTypes: ['TAG_PUSH', 'REPO_CREATED'], namespace: 'acme', repository: null },
    { id: 'global', eventTypes: ['TAG_PUSH'], namespace: null, repository: null },
    { id: 'other', eventTypes: ['TAG_PUSH'], namespace: 'other', repository: null },
    { id: 'pull', eventTypes: ['TAG_PULL'], namespace: 'acme', repository: 'api' },
  ]);
  const ids = (e: CanonicalEvent) =>
    index
      .match(e)
      .map((s) => s.id)
      .sort();

  it('matches by type, namespace and repository', () => {
    expect(ids(event('TAG_PUSH', 'acme', 'api'))).toEqual(['global', 'namespace', 'repo']);
    expect(ids(event('TAG_PUSH', 'acme', 'team/api'))).toEqual(['global', 'namespace', 'nested']);
    expect(ids(event('REPO_CREATED', 'acme', 'web'))).toEqual(['namespace']);
    expect(ids(event('TAG_DELETE', 'acme', 'api'))).toEqual([]);
  });

  it('forgets removed subscriptions and picks up changed ones', () => {
    index.remove('global');
    index.upsert({ id: 'repo', eventTypes: ['TAG_DELETE'], namespace: 'acme', repository: 'api' });
    expect(ids(event('TAG_PUSH', 'acme', 'api'))).toEqual(['namespace']);
    expect(ids(event('TAG_DELETE', 'acme', 'api'))).toEqual(['repo']);
  });
});
