import { CanonicalEvent, EventType, EXAMPLE_CONTENTS, QuayApiFields, QuayEvent } from '@hookyard/events';
import { DEFAULT_QUAY_CONTEXT, renderPayload, type RenderTarget } from './render-payload';
import { shouldDeliver, TEST_EVENT_SOURCE } from './should-deliver';
import { formatForSlack, renderSlackMessage } from './slack-payload';

const quay = (event: QuayEvent, extra: Partial<QuayApiFields> = {}): RenderTarget => ({
  api: 'quay',
  apiFields: {
    uuid: 'u1',
    event,
    method: 'webhook',
    config: { url: 'https://example.com/hook' },
    eventConfig: {},
    title: null,
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

const render = (
  target: RenderTarget,
  rendered: CanonicalEvent,
  scanThreshold = DEFAULT_QUAY_CONTEXT.scanThreshold,
) => JSON.parse(renderPayload(target, rendered, { scanThreshold }));

const repositoryFields = {
  repository: 'foo/bar',
  namespace: 'foo',
  name: 'bar',
  docker_url: 'registry.example.com/foo/bar',
  homepage: 'https://registry.example.com/repository/foo/bar',
};
const bare = { ...repositoryFields, docker_url: 'foo/bar', homepage: '' };

const { scanSummary } = EXAMPLE_CONTENTS.SCAN_COMPLETED;
const scan = (critical: number, major: number, minor: number, extra: object = {}) =>
  event('SCAN_COMPLETED', { scanSummary: { ...scanSummary, critical, major, minor }, ...extra });

describe("Quay's webhook event data of real events", () => {
  it('repo_push: the pushed tag as updated_tags (a registry push)', () => {
    expect(render(quay('repo_push'), event('TAG_PUSH'))).toEqual({
      ...repositoryFields,
      updated_tags: ['latest'],
    });
  });

  it("vulnerability_found: the security worker's fields, the scanner's vulnerabilities when named", () => {
    const found = scan(1, 1, 0, {
      vulnerabilities: [
        { id: 'CVE-2', severity: 'High' },
        { id: 'CVE-1', severity: 'Critical', description: 'd', link: 'https://cve/1', fixedBy: '1.2' },
      ],
    });
    expect(render(quay('vulnerability_found'), found)).toEqual({
      ...repositoryFields,
      tags: ['latest'],
      vulnerability: {
        id: 'CVE-1',
        description: 'd',
        link: 'https://cve/1',
        priority: 'Critical',
        has_fix: true,
      },
    });
    const cve2 = { id: 'CVE-2', description: '', link: '', priority: 'High', has_fix: false };
    expect(render(quay('vulnerability_found'), found, 'High')).toEqual({
      ...repositoryFields,
      tags: ['latest'],
      vulnerability: {
        id: 'CVE-1',
        description: 'd',
        link: 'https://cve/1',
        priority: 'Critical',
        has_fix: true,
      },
      vulnerabilities: [
        { id: 'CVE-1', description: 'd', link: 'https://cve/1', priority: 'Critical', has_fix: true },
        cve2,
      ],
    });
    expect(render(quay('vulnerability_found'), scan(0, 2, 5), 'High').vulnerability).toEqual({
      id: '',
      description: '0 critical, 2 major and 5 minor vulnerabilities in registry.example.com/foo/bar:latest',
      link: '',
      priority: 'High',
      has_fix: false,
    });
  });

  it("mirror events: the mirror worker's message (external reference, tag pattern, error)", () => {
    expect(render(quay('repo_mirror_sync_success'), event('POLL_MIRRORING'))).toEqual({
      ...repositoryFields,
      message: "'upstream/bar' with tag pattern 'latest'",
    });
    expect(render(quay('repo_mirror_sync_success'), event('PUSH_MIRRORING'))).toEqual({
      ...repositoryFields,
      message: "'mirror/bar' with tag pattern 'latest'",
    });
    expect(
      render(quay('repo_mirror_sync_started'), event('MIRROR_SYNC_STARTED', { tags: ['1.0', 'latest'] })),
    ).toEqual({
      ...bare,
      message: "'quay.io/upstream/bar' with tag pattern '1.0,latest'",
    });
    expect(render(quay('repo_mirror_sync_failed'), event('MIRROR_SYNC_FAILED'))).toEqual({
      ...bare,
      message:
        "'quay.io/upstream/bar' with tag pattern 'latest': manifest unknown: quay.io/upstream/bar:latest",
    });
  });

  it("build events: the build manager's fields, a trigger's when the build system names one", () => {
    const build = {
      ...repositoryFields,
      homepage: `${repositoryFields.homepage}/build/b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`,
    };
    const buildId = 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    expect(render(quay('build_start'), event('BUILD_STARTED'))).toEqual({
      ...build,
      build_id: buildId,
      build_name: buildId,
      docker_tags: ['latest'],
      trigger_id: null,
      trigger_kind: null,
      trigger_metadata: {},
    });
    const trigger = {
      kind: 'github',
      id: 't-1',
      ref: 'refs/heads/main',
      commit: 'abc',
      defaultBranch: 'main',
    };
    expect(
      render(
        quay('build_failure'),
        event('BUILD_COMPLETED', { status: 'failed', trigger, buildName: 'nightly', error: 'boom' }),
      ),
    ).toEqual({
      ...build,
      build_id: buildId,
      build_name: 'nightly',
      docker_tags: ['latest'],
      trigger_id: 't-1',
      trigger_kind: 'github',
      trigger_metadata: { default_branch: 'main', ref: 'refs/heads/main', commit: 'abc' },
      error_message: 'boom',
    });
    expect(render(quay('build_queued'), event('BUILD_QUEUED'))).toEqual({
      ...build,
      build_id: buildId,
      docker_tags: ['latest'],
      repo: 'bar',
      is_manual: true,
      manual_user: 'admin',
    });
    expect(render(quay('build_queued'), event('BUILD_QUEUED', { trigger, author: '' }))).toMatchObject({
      is_manual: false,
      manual_user: null,
      trigger_id: 't-1',
      trigger_kind: 'github',
      trigger_manual: false,
    });
  });

  it('applies a webhook body template to the event data', () => {
    const templated = quay('repo_push', {
      config: {
        url: 'https://example.com/hook',
        template: '{"text": "pushed ${updated_tags[*]} to ${repository}"}',
      },
    });
    expect(render(templated, event('TAG_PUSH'))).toEqual({ text: 'pushed latest to foo/bar' });
  });
});

describe("Quay's sample data in test notifications (get_sample_data)", () => {
  const test = (type: EventType) => event(type, {}, TEST_EVENT_SOURCE);
  const build = { ...repositoryFields, homepage: `${repositoryFields.homepage}/build/fake-build-id` };
  const trigger = {
    default_branch: 'master',
    ref: 'refs/heads/somebranch',
    commit: '42d4a62c53350993ea41069e9f2cfdefb0df097d',
  };
  const commitInfo = {
    url: 'http://path/to/the/commit',
    message: 'Some commit message',
    date: expect.any(Number),
    author: {
      username: 'fakeauthor',
      url: 'http://path/to/fake/author/in/scm',
      avatar_url: 'http://www.gravatar.com/avatar/fakehash',
    },
  };
  const sampleBuild = {
    build_id: 'fake-build-id',
    build_name: 'some-fake-build',
    docker_tags: ['latest', 'foo', 'bar'],
  };

  it.each([
    [
      'repo_push',
      'TAG_PUSH',
      { ...repositoryFields, updated_tags: ['latest', 'foo'], pruned_image_count: 3 },
    ],
    [
      'repo_mirror_sync_started',
      'MIRROR_SYNC_STARTED',
      { ...repositoryFields, message: 'TEST NOTIFICATION' },
    ],
    ['repo_mirror_sync_success', 'POLL_MIRRORING', { ...repositoryFields, message: 'TEST NOTIFICATION' }],
    ['repo_mirror_sync_failed', 'MIRROR_SYNC_FAILED', { ...repositoryFields, message: 'TEST NOTIFICATION' }],
    [
      'build_queued',
      'BUILD_QUEUED',
      {
        ...build,
        is_manual: false,
        ...sampleBuild,
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: { ...trigger, commit_info: commitInfo },
      },
    ],
    [
      'build_start',
      'BUILD_STARTED',
      { ...build, ...sampleBuild, trigger_id: '1245634', trigger_kind: 'GitHub', trigger_metadata: trigger },
    ],
    [
      'build_success',
      'BUILD_COMPLETED',
      {
        ...build,
        ...sampleBuild,
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: trigger,
        image_id: '1245657346',
      },
    ],
    [
      'build_failure',
      'BUILD_COMPLETED',
      {
        ...build,
        ...sampleBuild,
        trigger_kind: 'GitHub',
        error_message: 'This is a fake error message',
        trigger_id: '1245634',
        trigger_metadata: { ...trigger, commit_info: commitInfo },
      },
    ],
    [
      'build_cancelled',
      'BUILD_CANCELLED',
      {
        ...build,
        ...sampleBuild,
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: trigger,
        image_id: '1245657346',
      },
    ],
  ] as const)('%s', (quayEvent, type, expected) => {
    expect(render(quay(quayEvent), test(type))).toEqual(expected);
  });

  it('vulnerability_found, its priority named by eventConfig.level (Unknown without one)', () => {
    const sample = (eventConfig: Record<string, unknown>) =>
      render(quay('vulnerability_found', { eventConfig }), test('SCAN_COMPLETED'));
    expect(sample({})).toEqual({
      ...repositoryFields,
      tags: ['latest', 'prod', 'foo', 'bar', 'baz'],
      image: 'some-image-id',
      vulnerability: {
        id: 'CVE-FAKE-CVE',
        description: 'A futurist vulnerability',
        link: 'https://security-tracker.debian.org/tracker/CVE-FAKE-CVE',
        priority: 'Unknown',
      },
    });
    expect(sample({ level: 1 }).vulnerability.priority).toBe('High');
  });
});

/**
 * Expected texts are Quay's events/*.html templates rendered by Jinja2 with the same data and
 * turned into Slack markup by Quay's format_for_slack (names printed plainly).
 */
describe("Quay's Slack messages", () => {
  const repo = repositoryFields;
  const build = { ...repo, homepage: `${repo.homepage}/build/fake-build-id` };
  const trigger = {
    default_branch: 'master',
    ref: 'refs/heads/somebranch',
    commit: '42d4a62c53350993ea41069e9f2cfdefb0df097d',
  };
  const commitInfo = {
    url: 'http://path/to/the/commit',
    message: 'Some commit message',
    date: 1,
    author: {
      username: 'fakeauthor',
      url: 'http://path/to/fake/author/in/scm',
      avatar_url: 'http://www.gravatar.com/avatar/fakehash',
    },
  };
  const buildLink = '<https://registry.example.com/repository/foo/bar/build/fake-build-id|';

  it.each([
    [
      'repo_push',
      { ...repo, updated_tags: ['latest', 'foo'], pruned_image_count: 3 },
      undefined,
      ' Push of  latest, foo in repository foo/bar',
    ],
    ['repo_push', { ...repo, updated_tags: ['1.0'] }, 'rita', ' rita pushed  1.0 in repository foo/bar'],
    ['repo_push', { ...repo, updated_tags: [] }, undefined, ' Push of repository foo/bar'],
    ['repo_mirror_sync_started', { ...repo, message: 'TEST NOTIFICATION' }, undefined, ' TEST NOTIFICATION '],
    [
      'repo_mirror_sync_failed',
      { ...repo, message: "'q/x' with tag pattern 'a,b': boom" },
      'rita',
      " rita 'q/x' with tag pattern 'a,b': boom ",
    ],
    [
      'vulnerability_found',
      {
        ...repo,
        tags: ['latest', 'prod', 'foo', 'bar', 'baz'],
        image: 'some-image-id',
        vulnerability: {
          id: 'CVE-FAKE-CVE',
          description: 'A futurist vulnerability',
          link: 'https://security-tracker.debian.org/tracker/CVE-FAKE-CVE',
          priority: 'Unknown',
        },
      },
      undefined,
      ' A <https://security-tracker.debian.org/tracker/CVE-FAKE-CVE|Unknown vulnerability> (CVE-FAKE-CVE) was detected in tags/manifests  latest, prod, foo (and 2 more) in repository foo/bar',
    ],
    [
      'vulnerability_found',
      {
        ...repo,
        tags: ['1.0'],
        vulnerability: { id: 'CVE-1', description: 'd', link: '', priority: 'High', has_fix: true },
      },
      undefined,
      ' A <|High vulnerability> (CVE-1) was detected in tags/manifests  1.0 in repository foo/bar',
    ],
    [
      'vulnerability_found',
      {
        ...repo,
        tags: ['1.0', '2.0', '3.0'],
        vulnerability: { id: 'CVE-1', description: 'd', link: 'l', priority: 'High' },
        vulnerabilities: [{ priority: 'High' }, { priority: 'Low' }],
      },
      undefined,
      ' 2 vulnerabilities were detected in tags  1.0, 2.0, 3.0 in repository foo/bar',
    ],
    [
      'build_queued',
      {
        ...build,
        is_manual: false,
        build_id: 'fake-build-id',
        build_name: 'some-fake-build',
        docker_tags: ['latest'],
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: { ...trigger, commit_info: commitInfo },
      },
      undefined,
      `${buildLink}Build fake-bu> queued for change <http://path/to/the/commit| 42d4a62 > to branch somebranch by <http://path/to/fake/author/in/scm| fakeauthor > for repository foo/bar `,
    ],
    [
      'build_start',
      {
        ...build,
        build_id: 'fake-build-id',
        build_name: 'some-fake-build',
        docker_tags: ['latest'],
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: trigger,
      },
      undefined,
      `${buildLink}Build fake-bu> started for change 42d4a62 for repository foo/bar `,
    ],
    [
      'build_failure',
      {
        ...build,
        build_id: 'fake-build-id',
        error_message: 'This is a fake error message',
        trigger_id: '1245634',
        trigger_kind: 'GitHub',
        trigger_metadata: { ...trigger, commit_info: commitInfo },
      },
      undefined,
      `${buildLink}Build fake-bu> failure for change <http://path/to/the/commit| 42d4a62 > to branch somebranch by <http://path/to/fake/author/in/scm| fakeauthor > for repository foo/bar \nThis is a fake error message `,
    ],
    [
      'build_success',
      { ...build, build_id: 'abcdef123456', trigger_id: null, trigger_kind: null, trigger_metadata: {} },
      undefined,
      `${buildLink}Build abcdef1> completed for uploaded Dockerfile for repository foo/bar `,
    ],
    [
      'build_cancelled',
      { ...build, build_id: 'abcdef123456', trigger_id: 't1', trigger_kind: 'github', trigger_metadata: {} },
      undefined,
      `${buildLink}Build abcdef1> canceled for change to github repository for repository foo/bar `,
    ],
    [
      'build_success',
      {
        ...build,
        build_id: 'abcdef123456',
        trigger_id: 't1',
        trigger_kind: 'github',
        trigger_metadata: { ref: 'refs/tags/v1', commit: '0123456789abc' },
      },
      undefined,
      `${buildLink}Build abcdef1> completed for change 0123456 for repository foo/bar `,
    ],
  ] as const)('%s (%#)', (quayEvent, data, performer, text) => {
    expect(renderSlackMessage(quayEvent, data, performer).attachments[0].text).toBe(text);
  });

  it("has Quay's summary, bot name and level colours", () => {
    const vulnerable = (priority: string) =>
      renderSlackMessage(
        'vulnerability_found',
        { ...repo, tags: ['1.0'], vulnerability: { id: 'c', link: '', priority } },
        undefined,
      );
    expect(vulnerable('Critical')).toEqual({
      text: 'Critical vulnerability detected in repository foo/bar in 1 tags',
      username: 'quayiobot',
      attachments: [
        {
          fallback: 'Critical vulnerability detected in repository foo/bar in 1 tags',
          text: ' A <|Critical vulnerability> (c) was detected in tags/manifests  1.0 in repository foo/bar',
          color: 'danger',
          mrkdwn_in: ['text'],
        },
      ],
    });
    expect(['High', 'Medium', 'Low'].map((p) => vulnerable(p).attachments[0].color)).toEqual([
      'warning',
      'warning',
      '#ffffff',
    ]);
    const several = renderSlackMessage(
      'vulnerability_found',
      {
        ...repo,
        tags: ['1.0'],
        vulnerability: { priority: 'High' },
        vulnerabilities: [{ priority: 'High' }, { priority: 'High' }, { priority: 'Low' }],
      },
      undefined,
    );
    expect(several.text).toBe(
      '2 High and 1 more vulnerabilities were detected in repository foo/bar in 1 tags',
    );
    const buildSummary = renderSlackMessage(
      'build_failure',
      { ...repo, build_id: 'abcdef123456', homepage: '' },
      undefined,
    );
    expect([buildSummary.text, buildSummary.attachments[0].color]).toEqual([
      'Build failure for repository foo/bar [abcdef1]',
      'danger',
    ]);
    const push = JSON.parse(renderPayload(quay('repo_push', { method: 'slack' }), event('TAG_PUSH')));
    expect(push).toEqual({
      text: 'Repository foo/bar updated',
      username: 'quayiobot',
      attachments: [
        {
          fallback: 'Repository foo/bar updated',
          text: ' admin pushed  latest in repository foo/bar',
          color: 'good',
          mrkdwn_in: ['text'],
        },
      ],
    });
  });

  it("keeps an event's text from becoming Slack markup: no mentions, no links of its own", () => {
    const hostile = '<!channel> <https://evil.example|Sign in again> & more';
    const shown = '&lt;!channel&gt; &lt;https://evil.example|Sign in again&gt; &amp; more';
    const push = renderSlackMessage('repo_push', { ...repo, updated_tags: ['1.0'] }, hostile);
    expect(push.attachments[0].text).toBe(` ${shown} pushed  1.0 in repository foo/bar`);
    const mirror = renderSlackMessage('repo_mirror_sync_failed', { ...repo, message: hostile }, undefined);
    expect([mirror.text, mirror.attachments[0].fallback, mirror.attachments[0].text]).toEqual([
      `Repository Mirror failed for ${shown}`,
      `Repository Mirror failed for ${shown}`,
      ` ${shown} `,
    ]);
    const scan = renderSlackMessage(
      'vulnerability_found',
      {
        ...repo,
        tags: ['latest'],
        vulnerability: { id: 'CVE-1', priority: 'High', link: 'https://evil.example/a|b">x</a><b>' },
      },
      undefined,
    );
    expect(scan.attachments[0].text).toContain(
      '<https://evil.example/a%7Cb"&gt;x&lt;/a&gt;&lt;b&gt;|High vulnerability>',
    );
  });

  it("turns HTML into Slack markup as Quay's format_for_slack (notifications/test/test_notificationmethod.py), Slack's escapes kept", () => {
    expect(
      formatForSlack('Namespace <b>quayqe</b> storage usage has\n<b>exceeded</b> its quota limit (110%).'),
    ).toContain('has *exceeded*');
    expect(formatForSlack('line one<br>line two')).toBe('line one\nline two');
    expect(formatForSlack('<a href="https://quay.io">link</a> and <i>italic</i> &amp; <span>x</span>')).toBe(
      '<https://quay.io|link> and _italic_ &amp; x',
    );
  });
});

describe('shouldDeliver', () => {
  it('filters Quay scans by the repository threshold, sends test events, never filters other APIs', () => {
    expect(shouldDeliver(quay('vulnerability_found'), scan(0, 1, 0), { scanThreshold: 'Critical' })).toBe(
      false,
    );
    expect(shouldDeliver(quay('vulnerability_found'), scan(0, 1, 0), { scanThreshold: 'High' })).toBe(true);
    expect(shouldDeliver(quay('vulnerability_found'), scan(0, 0, 0, {}), { scanThreshold: 'Low' })).toBe(
      false,
    );
    const test = event('SCAN_COMPLETED', {}, TEST_EVENT_SOURCE);
    expect(shouldDeliver(quay('vulnerability_found'), test, DEFAULT_QUAY_CONTEXT)).toBe(true);
    expect(shouldDeliver({ api: 'dtr', apiFields: {} }, scan(0, 0, 0), DEFAULT_QUAY_CONTEXT)).toBe(true);
  });
});
