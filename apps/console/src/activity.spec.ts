import {
  activityAddress,
  activityOfKey,
  activityRequest,
  eventPlace,
  eventSummary,
  filtersFromQuery,
} from './activity';

describe('activity stream filters (console)', () => {
  const none = filtersFromQuery({});

  it('reads the filters from the address, trimmed, and writes back only those set', () => {
    const filters = filtersFromQuery({ type: 'TAG_PUSH', namespace: ' acme ', other: 'x' });
    expect(filters).toEqual({ ...none, type: 'TAG_PUSH', namespace: 'acme' });
    expect(activityAddress(filters)).toBe('/activity?type=TAG_PUSH&namespace=acme');
    expect(activityAddress(none)).toBe('/activity');
  });

  it("links a webhook's key to its activity", () => {
    expect(activityOfKey('acme/api')).toBe('/activity?namespace=acme&repository=api');
    expect(activityOfKey('acme')).toBe('/activity?namespace=acme');
    expect(activityOfKey('')).toBeUndefined();
  });

  it('asks the whole stream with the filters set, a repository within its namespace', () => {
    const after = '2026-01-01T00:00:00.000Z';
    expect(activityRequest({ ...none, namespace: 'acme', repository: 'api', after }, 50)).toBe(
      `/api/v0/events?namespace=acme&repository=api&publishedAfter=${encodeURIComponent(after)}&pageSize=50`,
    );
    expect(activityRequest({ ...none, namespace: 'acme', actor: 'rita', type: 'TAG_PUSH' }, 50, 'c1')).toBe(
      '/api/v0/events?eventType=TAG_PUSH&namespace=acme&actor=rita&pageSize=50&pageStart=c1',
    );
    // A repository without its namespace goes to the API, which says which field is missing.
    expect(activityRequest({ ...none, repository: 'api' }, 10)).toBe(
      '/api/v0/events?repository=api&pageSize=10',
    );
    // Names from the address stay query values: escaped, never part of the path.
    expect(activityRequest({ ...none, namespace: '..', repository: 'a&b' }, 5)).toBe(
      '/api/v0/events?namespace=..&repository=a%26b&pageSize=5',
    );
  });

  it('says where an event happened and what it was about', () => {
    expect(eventPlace({ namespace: 'acme', repository: 'api' })).toBe('acme/api');
    expect(eventPlace({ namespace: 'acme', repository: null })).toBe('acme');
    expect(eventPlace({ namespace: null, repository: null })).toBe('the whole registry');
    expect(eventSummary({ imageName: 'r.example/acme/api:1', tag: '1' })).toBe('r.example/acme/api:1');
    expect(eventSummary({ reason: 'failed-deliveries' })).toBe('reason failed-deliveries');
    expect(eventSummary({ name: 'api' })).toBe('');
  });
});
