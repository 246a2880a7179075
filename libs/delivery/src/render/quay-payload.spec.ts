import { CanonicalEvent, EventType, EXAMPLE_CONTENTS, QuayApiFields, QuayEvent } from '@hookyard/events';
import { renderPayload, type RenderTarget } from './render-payload';
import { shouldDeliver, TEST_EVENT_SOURCE } from './should-deliver';

const quay = (event: QuayEvent, extra: Partial<QuayApiFields> = {}): RenderTarget => ({
  api: 'quay',
  apiFields: {
    uuid: 'u1',
    event,
    method: 'webhook',
    config: { url: 'https://example.com/hook' },
    eventConfig: {},
    title: '',
    ...extra,
  },
});

function event(type: EventType, contents: object = {}, source = 'scanner'): CanonicalEvent {
  return {
    id: 'e1',
    type,
    occurredAt: '2026-11-23T06:00:49.428Z',
    source,
    namespace: 'foo',
    repository: 'bar',
    contents: { ...EXAMPLE_CONTENTS[type], ...contents },
    dedupKey: 'd1',
  };
}

const repositoryFields = {
  repository: 'foo/bar',
  namespace: 'foo',
  name: 'bar',
  docker_url: 'registry.example.com/foo/bar',
  homepage: 'https://registry.example.com/repository/foo/bar',
};

const { scanSummary } = EXAMPLE_CONTENTS.SCAN_COMPLETED;
const scan = (critical: number, major: number, minor: number, source?: string) =>
  event('SCAN_COMPLETED', { scanSummary: { ...scanSummary, critical, major, minor } }, source);

describe('renderPayload for Quay webhook notifications', () => {
  it('renders repo_push with the pushed tag as updated_tags', () => {
    expect(JSON.parse(renderPayload(quay('repo_push'), event('TAG_PUSH')))).toEqual({
      ...repositoryFields,
      updated_tags: ['latest'],
    });
  });

  it('renders vulnerability_found with the highest priority found', () => {
    expect(JSON.parse(renderPayload(quay('vulnerability_found'), scan(0, 2, 5)))).toEqual({
      ...repositoryFields,
      tags: ['latest'],
      vulnerability: {
        priority: 'High',
        description: '0 critical, 2 major and 5 minor vulnerabilities in registry.example.com/foo/bar:latest',
      },
    });
  });

  it('renders repo_mirror_sync_success with a message and the mirrored tag', () => {
    expect(JSON.parse(renderPayload(quay('repo_mirror_sync_success'), event('POLL_MIRRORING')))).toEqual({
      ...repositoryFields,
      message: "'upstream/bar' mirrored to 'foo/bar'",
      tags: ['latest'],
    });
  });

  it('renders build_failure with an error message and no tags for a build without image', () => {
    const failed = event('BUILD_COMPLETED', { status: 'failed', tag: undefined, imageName: undefined });
    expect(JSON.parse(renderPayload(quay('build_failure'), failed))).toEqual({
      repository: 'foo/bar',
      namespace: 'foo',
      name: 'bar',
      docker_url: 'foo/bar',
      homepage: '',
      build_id: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      trigger_kind: '',
      trigger_id: '',
      trigger_metadata: {},
      repo: 'bar',
      docker_tags: [],
      is_manual: false,
      manual_user: 'admin',
      error_message: 'build b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d failed',
    });
  });
});

describe('renderPayload for Quay mirror-sync and build-progress notifications', () => {
  it('renders repo_mirror_sync_failed with the source and the error', () => {
    expect(JSON.parse(renderPayload(quay('repo_mirror_sync_failed'), event('MIRROR_SYNC_FAILED')))).toEqual({
      repository: 'foo/bar',
      namespace: 'foo',
      name: 'bar',
      docker_url: 'foo/bar',
      homepage: '',
      message: "'quay.io/upstream/bar' sync failed: manifest unknown: quay.io/upstream/bar:latest",
      tags: ['latest'],
    });
  });

  it('renders build_queued with the tags the build will push', () => {
    expect(JSON.parse(renderPayload(quay('build_queued'), event('BUILD_QUEUED')))).toEqual({
      ...repositoryFields,
      homepage: 'https://registry.example.com/repository/foo/bar/build/b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      build_id: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      trigger_kind: '',
      trigger_id: '',
      trigger_metadata: {},
      repo: 'bar',
      docker_tags: ['latest'],
      is_manual: false,
      manual_user: 'admin',
    });
  });
});

describe('renderPayload for Quay slack notifications', () => {
  it('renders a Slack message with a linked summary and the tags', () => {
    expect(
      JSON.parse(renderPayload(quay('build_success', { method: 'slack' }), event('BUILD_COMPLETED'))),
    ).toEqual({
      mrkdwn: true,
      text: '<https://registry.example.com/repository/foo/bar/build/b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d|Build succeeded for repository foo/bar>',
      username: 'Hookyard',
      attachments: [
        {
          fallback: 'Build succeeded for repository foo/bar',
          text: '*Tags:* latest\n*Pull:* `registry.example.com/foo/bar`',
          color: 'good',
          mrkdwn_in: ['text'],
        },
      ],
    });
  });
});

describe('shouldDeliver', () => {
  const high = quay('vulnerability_found', { eventConfig: { vulnerability: { priority: 'High' } } });

  it.each([
    [scan(1, 0, 0), true],
    [scan(0, 1, 0), true],
    [scan(0, 0, 9), false],
    [scan(0, 0, 0), false],
  ])('applies the minimum vulnerability priority (%#)', (scanned, expected) => {
    expect(shouldDeliver(high, scanned)).toBe(expected);
  });

  it('delivers any finding without a priority, but never a clean scan', () => {
    expect(shouldDeliver(quay('vulnerability_found'), scan(0, 0, 1))).toBe(true);
    expect(shouldDeliver(quay('vulnerability_found'), scan(0, 0, 0))).toBe(false);
  });

  it('matches build outcomes to build_success and build_failure', () => {
    const failed = event('BUILD_COMPLETED', { status: 'failed' });
    expect(shouldDeliver(quay('build_success'), failed)).toBe(false);
    expect(shouldDeliver(quay('build_failure'), failed)).toBe(true);
    expect(shouldDeliver(quay('build_success'), event('BUILD_COMPLETED'))).toBe(true);
  });

  it('always sends test events and never filters other APIs', () => {
    expect(shouldDeliver(high, scan(0, 0, 0, TEST_EVENT_SOURCE))).toBe(true);
    expect(shouldDeliver({ api: 'dtr', apiFields: {} }, scan(0, 0, 0))).toBe(true);
  });
});
