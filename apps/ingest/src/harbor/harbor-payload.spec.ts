import { HARBOR_FIXTURES_DIR, readFixture } from '@hookyard/testing';
import { HarborPayloadError, parseHarborPayload } from './harbor-payload';

type Body = Record<string, unknown> & { event_data: Record<string, unknown>; data: Record<string, unknown> };
const fixture = (name: string) => readFixture<Body>(HARBOR_FIXTURES_DIR, name).body;
const push = fixture('default/push-artifact.json');
const pushed = fixture('cloudevents/push-artifact.json');
const [resource] = push.event_data.resources as Array<Record<string, unknown>>;

function problemOf(body: unknown): string {
  try {
    parseHarborPayload(body);
  } catch (error) {
    if (error instanceof HarborPayloadError) return error.message;
    throw error;
  }
  return 'accepted';
}

const withData = (data: Record<string, unknown>) => ({
  ...push,
  event_data: { ...push.event_data, ...data },
});
const withResource = (fields: Record<string, unknown>) =>
  withData({ resources: [{ ...resource, ...fields }] });

describe('parseHarborPayload', () => {
  it('reads both formats of the same event alike', () => {
    const fromDefault = parseHarborPayload(push);
    expect(parseHarborPayload(pushed)).toEqual(fromDefault);
    expect(fromDefault).toMatchObject({
      type: 'PUSH_ARTIFACT',
      occurredAt: '2024-11-24T09:50:00.000Z',
      operator: 'admin',
      repository: { fullName: 'library/busybox', createdAt: '2024-11-24T09:20:00.000Z' },
      identity: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    ['type must be one of PUSH_ARTIFACT, PULL_ARTIFACT', { ...push, type: 'DELETE_PROJECT' }],
    ['occur_at must be a whole number of at least 0', { ...push, occur_at: '2024-11-24' }],
    ['operator must be a string', { ...push, operator: 7 }],
    ['event_data must be an object', { ...push, event_data: [] }],
    ['event_data.repository must be an object', withData({ repository: undefined })],
    [
      'event_data.repository.repo_full_name must be <namespace>/<repository>',
      withData({ repository: { repo_full_name: 'library/../etc' } }),
    ],
    ['event_data.resources must name the artifact', withData({ resources: [] })],
    [
      'event_data.resources must be an array of at most 100 items',
      withData({ resources: Array(101).fill(resource) }),
    ],
    ['event_data.resources[0].digest must be <algorithm>:<hex>', withResource({ digest: 'sha256:../../x' })],
    ['event_data.resources[0].digest must be <algorithm>:<hex>', withResource({ digest: undefined })],
    ['event_data.resources[0].tag must be 1-128 characters', withResource({ tag: '../latest' })],
    [
      'event_data.resources[0].resource_url must be an image reference without spaces',
      withResource({ resource_url: 'a b' }),
    ],
    ['event_data.resources[0].tag must be a string of at most 4096', withResource({ tag: { x: 1 } })],
    ['specversion must be "1.0"', { ...pushed, specversion: '0.3' }],
    ['id must be a non-empty string', { ...pushed, id: '' }],
    ['type must be one of harbor.artifact.pushed', { ...pushed, type: 'PUSH_ARTIFACT' }],
    ['time must be an RFC 3339 timestamp', { ...pushed, time: 'yesterday' }],
    ['datacontenttype must be application/json', { ...pushed, datacontenttype: 'text/xml' }],
    [
      'data.resources[0].digest must be',
      { ...pushed, data: { ...pushed.data, resources: [{ tag: '1.0' }] } },
    ],
    ['body must be an object', [push]],
  ])('%s', (message, body) => {
    expect(problemOf(body)).toContain(message);
  });

  it('names the bad field of replication and retention events', () => {
    const replication = fixture('default/replication-push-success.json');
    const replicated = replication.event_data.replication as Record<string, unknown>;
    const withReplication = (fields: Record<string, unknown>) => ({
      ...replication,
      event_data: { replication: { ...replicated, ...fields } },
    });
    expect(problemOf(withReplication({ job_status: undefined }))).toBe(
      'event_data.replication.job_status must be a string of at most 4096 characters',
    );
    expect(problemOf(withReplication({ dest_resource: { namespace: '../etc' } }))).toMatch(
      /^event_data\.replication\.dest_resource\.namespace must be lowercase path components/,
    );
    expect(
      problemOf(
        withReplication({
          successful_artifact: [{ name_tag: 'busybox [1 item(s) in total]', references: ['a b'] }],
        }),
      ),
    ).toBe('event_data.replication.successful_artifact[0].references[0] must be a tag or a digest');
    const retention = fixture('default/tag-retention.json');
    const retained = retention.event_data.retention as Record<string, unknown>;
    expect(
      problemOf({ ...retention, event_data: { retention: { ...retained, project_name: 'a/b' } } }),
    ).toMatch(/^event_data\.retention\.project_name must be a project name/);
    expect(problemOf({ ...retention, event_data: { retention: { ...retained, total: -1 } } })).toBe(
      'event_data.retention.total must be a whole number of at least 0',
    );
  });
});
