import type { CanonicalEvent } from '@hookyard/events';
import { exampleEvent } from '@hookyard/testing';
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

  describe('with patterns', () => {
    const invalid: string[] = [];
    const filtered = new SubscriptionIndex((id) => invalid.push(id));
    filtered.replaceAll([
      {
        id: 'releases',
        eventTypes: ['TAG_PUSH'],
        namespace: 'acme',
        repository: 'api',
        options: { tagPattern: 'v*,!*-rc*' },
      },
      { id: 'all-tags', eventTypes: ['TAG_PUSH'], namespace: 'acme', repository: 'api', options: {} },
      {
        id: 'team',
        eventTypes: ['TAG_PUSH', 'REPO_CREATED'],
        namespace: 'acme',
        repository: null,
        options: { repositoryPattern: 'team/*' },
      },
      {
        id: 'acme-anywhere',
        eventTypes: ['REPO_CREATED'],
        namespace: null,
        repository: null,
        options: { repositoryPattern: 'acme/**' },
      },
      {
        id: 'broken',
        eventTypes: ['TAG_PUSH'],
        namespace: 'acme',
        repository: 'api',
        options: { tagPattern: '[v' },
      },
    ]);
    const matched = (e: CanonicalEvent) =>
      filtered
        .match(e)
        .map((s) => s.id)
        .sort();

    it('passes each subscription only the events its patterns let through', () => {
      expect(matched(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'v1' }))).toEqual(['all-tags', 'releases']);
      expect(matched(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'dev' }))).toEqual(['all-tags']);
      expect(matched(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'v2-rc1' }))).toEqual(['all-tags']);
      expect(matched(exampleEvent('TAG_PUSH', 'acme/team/api', { tag: 'dev' }))).toEqual(['team']);
      expect(matched(exampleEvent('REPO_CREATED', 'acme/team/web'))).toEqual(['acme-anywhere', 'team']);
      expect(matched(exampleEvent('REPO_CREATED', 'acme/web'))).toEqual(['acme-anywhere']);
      expect(matched(exampleEvent('REPO_CREATED', 'other/team/web'))).toEqual([]);
    });

    it('reports a stored pattern that does not compile, and matches nothing with it', () => {
      expect(invalid).toEqual(['broken']);
    });

    it('compiles again when a subscription changes its patterns or namespace', () => {
      filtered.upsert({
        id: 'releases',
        eventTypes: ['TAG_PUSH'],
        namespace: 'acme',
        repository: 'api',
        options: { tagPattern: 'dev' },
      });
      expect(matched(exampleEvent('TAG_PUSH', 'acme/api', { tag: 'dev' }))).toEqual(['all-tags', 'releases']);
      filtered.upsert({
        id: 'acme-anywhere',
        eventTypes: ['REPO_CREATED'],
        namespace: 'acme',
        repository: null,
        options: { repositoryPattern: 'acme/**' },
      });
      expect(matched(exampleEvent('REPO_CREATED', 'acme/web'))).toEqual([]);
    });
  });
});
