import {
  basicAuth,
  createOrganization,
  createUserWithToken,
  DISTRIBUTION_3_FIXTURES_DIR,
  gatewayApi,
  HARBOR_FIXTURES_DIR,
  readFixture,
  Receiver,
  Stack,
  startReceiver,
  startStack,
  verifySignature,
} from '@hookyard/testing';
import { randomBytes } from 'node:crypto';

const HARBOR_TOKEN = `harbor-${randomBytes(16).toString('hex')}`;
const V2_ENVELOPE = 'application/vnd.docker.distribution.events.v2+json';
const TYPES = [
  'REPO_CREATED',
  'REPO_DELETED',
  'TAG_PUSH',
  'MANIFEST_PUSH',
  'TAG_DELETE',
  'MANIFEST_DELETE',
  'SCAN_COMPLETED',
];

/** A Harbor fixture moved to another project, so each format's events are events of their own. */
function harborPayload(path: string, project = 'library') {
  const { contentType, body } = readFixture(HARBOR_FIXTURES_DIR, path);
  return { contentType, body: JSON.stringify(body).replaceAll('library', project) };
}

/**
 * Distribution 3 envelopes and Harbor payloads in both formats through the whole stack: each push,
 * delete and scan reaches the subscriptions of its canonical types, signed; Harbor's resends are
 * delivered once, and a digest in Harbor's `tag` is no TAG_PUSH.
 */
describe('Distribution 3 and Harbor → subscribers (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack({ env: { INGEST_TOKENS: `harbor:${HARBOR_TOKEN}` } });
    receiver = await startReceiver();
    for (const type of TYPES) {
      // Key-less: the admin's subscription to every repository.
      const body = { type, endpoint: `${receiver.origin}/admin/${type}` };
      const created = await gatewayApi(stack, '/api/v0/webhooks', { method: 'POST', body });
      expect(created.status).toBe(201);
      secrets.set(`admin/${type}`, created.body.secret);
    }
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const post = async (path: string, contentType: string, body: string, token: string) => {
    const response = await fetch(`${stack.url('ingest')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { accepted: number; emitted: number };
  };
  const postEnvelope = (n: number) =>
    post(
      '/events/distribution',
      V2_ENVELOPE,
      JSON.stringify(readFixture(DISTRIBUTION_3_FIXTURES_DIR, `envelope-${n}.json`).body),
      stack.ingestToken,
    );
  const postHarbor = ({ contentType, body }: { contentType: string; body: string }) =>
    post('/events/harbor', contentType, body, HARBOR_TOKEN);

  it('delivers the mapped events of each, signed, once', async () => {
    // A namespace owner subscribes to Harbor's quota events of their project.
    await createOrganization(stack, 'library');
    const rita = await createUserWithToken(stack, 'rita');
    const owner = await gatewayApi(stack, '/api/v0/accounts/library/members/rita', {
      method: 'PUT',
      body: { isAdmin: true },
    });
    expect(owner.status).toBe(200);
    const quota = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth: basicAuth(rita),
      body: { type: 'QUOTA_EXCEEDED', key: 'library', endpoint: `${receiver.origin}/rita/QUOTA_EXCEEDED` },
    });
    expect(quota.status).toBe(201);
    secrets.set('rita/QUOTA_EXCEEDED', quota.body.secret);

    // Distribution 3: a platform manifest and a tagged index pushed, the index deleted by digest
    // (with its tag), then the repository.
    for (const n of [1, 3, 5, 6, 7]) await postEnvelope(n);

    // Harbor, Default format: a push, a robot's push by digest, a delete, a scan, a quota hit;
    // then Harbor resends the push.
    for (const name of [
      'push-artifact',
      'push-artifact-robot',
      'delete-artifact',
      'scanning-completed',
      'quota-exceed',
    ]) {
      await postHarbor(harborPayload(`default/${name}.json`));
    }
    expect(await postHarbor(harborPayload('default/push-artifact.json'))).toEqual({
      accepted: 1,
      emitted: 0,
    });
    // The same push in the CloudEvents format (another policy of the same project) is the same event.
    expect(await postHarbor(harborPayload('cloudevents/push-artifact.json'))).toEqual({
      accepted: 1,
      emitted: 0,
    });

    // Harbor, CloudEvents format, in project "cloud": a push, a delete, a scan; then a resend.
    for (const name of ['push-artifact', 'delete-artifact', 'scanning-completed']) {
      await postHarbor(harborPayload(`cloudevents/${name}.json`, 'cloud'));
    }
    expect(await postHarbor(harborPayload('cloudevents/delete-artifact.json', 'cloud'))).toEqual({
      accepted: 1,
      emitted: 0,
    });

    const expected = [
      ['admin/REPO_CREATED', 'acme/api', ''],
      ['admin/MANIFEST_PUSH', 'acme/api', ''],
      ['admin/TAG_PUSH', 'acme/api', '2.0'],
      ['admin/MANIFEST_PUSH', 'acme/api', ''],
      ['admin/MANIFEST_DELETE', 'acme/api', ''],
      ['admin/TAG_DELETE', 'acme/api', '2.0'],
      ['admin/REPO_DELETED', 'acme/api', ''],
      ['admin/REPO_CREATED', 'library/busybox', ''],
      ['admin/TAG_PUSH', 'library/busybox', '1.36'],
      ['admin/MANIFEST_PUSH', 'library/busybox', ''],
      ['admin/MANIFEST_PUSH', 'library/busybox', ''],
      ['admin/TAG_DELETE', 'library/busybox', '1.36'],
      ['admin/MANIFEST_DELETE', 'library/busybox', ''],
      ['admin/SCAN_COMPLETED', 'library/busybox', '1.36'],
      ['rita/QUOTA_EXCEEDED', 'library/busybox', 'big'],
      ['admin/REPO_CREATED', 'cloud/busybox', ''],
      ['admin/TAG_PUSH', 'cloud/busybox', '1.36'],
      ['admin/MANIFEST_PUSH', 'cloud/busybox', ''],
      ['admin/TAG_DELETE', 'cloud/busybox', '1.36'],
      ['admin/MANIFEST_DELETE', 'cloud/busybox', ''],
      ['admin/SCAN_COMPLETED', 'cloud/busybox', '1.36'],
    ];
    const requests = await receiver.waitForRequests(expected.length, 30_000);
    // Nothing more arrives: no duplicate, no TAG_PUSH for the robot's digest.
    await new Promise((r) => setTimeout(r, 1500));
    const delivered = receiver.requests.map((request) => {
      const subscription = request.path.slice(1);
      const body = verifySignature(secrets.get(subscription)!, request) as {
        type: string;
        contents: Record<string, unknown>;
      };
      expect(subscription.endsWith(`/${body.type}`)).toBe(true);
      const { namespace, repository, tag } = body.contents;
      return [subscription, `${namespace}/${repository}`, (tag as string | undefined) ?? ''];
    });
    const sorted = (rows: string[][]) => rows.map((row) => row.join(' ')).sort();
    expect(sorted(delivered)).toEqual(sorted(expected));
    expect(requests.length).toBe(expected.length);

    const body = (path: string) =>
      receiver.requests
        .filter((request) => request.path === `/${path}`)
        .map((request) => JSON.parse(request.body) as { contents: Record<string, unknown> });
    const scans = body('admin/SCAN_COMPLETED').map((scan) => scan.contents.scanSummary);
    for (const summary of scans)
      expect(summary).toMatchObject({ critical: 1, major: 3, minor: 9, last_scan_status: 6 });
    // The index's platforms came from the envelope's target.references.
    const indexPush = body('admin/TAG_PUSH').find((push) => push.contents.namespace === 'acme')!;
    expect(indexPush.contents.platforms).toEqual([
      expect.objectContaining({ os: 'linux', architecture: 'amd64' }),
      expect.objectContaining({ os: 'linux', architecture: 'arm64', variant: 'v8' }),
    ]);
    expect(body('rita/QUOTA_EXCEEDED')[0].contents).toMatchObject({
      namespace: 'library',
      details: expect.stringMatching(/exceed the configured upper limit/),
    });
  });
});
