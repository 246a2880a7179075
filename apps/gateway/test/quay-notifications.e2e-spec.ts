import { EventType, EXAMPLE_CONTENTS } from '@hookyard/events';
import {
  createOrganization,
  createUserWithToken,
  exampleEvent,
  grantRepositoryAccess,
  Receiver,
  RecordedRequest,
  Stack,
  startReceiver,
  startStack,
  TestUser,
  callApi,
  verifySignature,
} from '@hookyard/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

const REPO = 'acme/api';
const REGISTRY = 'registry.example.com';

const event = (type: EventType, contents: object) => exampleEvent(type, REPO, contents);

const scan = (critical: number, major: number, minor: number) =>
  event('SCAN_COMPLETED', {
    tag: '1.0',
    imageName: `${REGISTRY}/acme/api:1.0`,
    scanSummary: {
      ...(EXAMPLE_CONTENTS.SCAN_COMPLETED as { scanSummary: object }).scanSummary,
      namespace: 'acme',
      repository: 'api',
      tag: '1.0',
      critical,
      major,
      minor,
    },
  });

const repositoryFields = {
  repository: REPO,
  namespace: 'acme',
  name: 'api',
  docker_url: `${REGISTRY}/${REPO}`,
  homepage: `https://${REGISTRY}/repository/${REPO}`,
};

/** Quay's repository notification API (Quay API guide §2.13) and its deliveries in Quay's shapes. */
describe('Quay repository notifications (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let bob: TestUser;
  let carol: TestUser;
  let db: Client;
  const base = () => `${stack.url('gateway')}/api/v1/repository/${REPO}/notification`;

  const call = (method: string, url: string, token: string, body?: unknown) =>
    callApi(method, url, `Bearer ${token}`, body);
  const admin = (method: string, url: string, body?: unknown) => call(method, url, stack.adminToken, body);
  const create = async (body: object) => {
    const response = await admin('POST', `${base()}/`, body);
    expect(response.status).toBe(201);
    return (await response.json()) as { uuid: string };
  };
  const at = (path: string) => (request: RecordedRequest) => request.path === path;
  const secretOf = async (uuid: string) =>
    (await db.query(`SELECT secret FROM subscriptions WHERE api_fields->>'uuid' = $1`, [uuid])).rows[0]
      .secret as string;

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startReceiver();
    await createOrganization(stack, 'acme');
    bob = await createUserWithToken(stack, 'bob');
    carol = await createUserWithToken(stack, 'carol');
    await grantRepositoryAccess(stack, REPO, 'bob', 'read-write');
    await grantRepositoryAccess(stack, REPO, 'carol', 'admin');
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await receiver?.close();
    await stack?.stop();
  });

  it('needs a token, and repository admin (read-write is not enough), with Quay error bodies', async () => {
    const anonymous = await fetch(`${base()}/`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      status: 401,
      error_message: 'The client is not authenticated.',
      title: 'invalid_token',
      error_type: 'invalid_token',
      detail: 'The client is not authenticated.',
      type: '/api/v1/error/invalid_token',
    });

    const listed = await call('GET', `${base()}/`, bob.token);
    expect(listed.status).toBe(403);
    expect(await listed.json()).toMatchObject({ status: 403, error_type: 'insufficient_scope' });

    const created = await call('POST', `${base()}/`, bob.token, {
      event: 'repo_push',
      method: 'webhook',
      config: { url: receiver.url },
    });
    expect(created.status).toBe(403);
    expect(await created.json()).toMatchObject({
      status: 403,
      detail: 'you need admin access to repository acme/api',
    });

    // A repository admin may manage the repository's notifications.
    const byCarol = await call('POST', `${base()}/`, carol.token, {
      event: 'repo_push',
      method: 'webhook',
      config: { url: receiver.url },
    });
    expect(byCarol.status).toBe(201);
    const { uuid } = (await byCarol.json()) as { uuid: string };
    expect((await call('GET', `${base()}/${uuid}`, bob.token)).status).toBe(403);
    expect((await call('DELETE', `${base()}/${uuid}`, carol.token)).status).toBe(204);

    // bob owns his own namespace, so he may subscribe there.
    const own = await call(
      'POST',
      `${stack.url('gateway')}/api/v1/repository/bob/tools/notification/`,
      bob.token,
      {
        event: 'repo_push',
        method: 'webhook',
        config: { url: receiver.url },
      },
    );
    expect(own.status).toBe(201);
  });

  it.each([
    [
      { event: 'repo_pull', method: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
      'event "repo_pull" is not supported',
    ],
    [
      { event: 'repo_image_expiry', method: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
      'event "repo_image_expiry" is not supported',
    ],
    [
      { event: 'toString', method: 'webhook', config: { url: 'http://127.0.0.1:9/x' } },
      'event "toString" is not supported',
    ],
    [{ event: 'repo_push', method: 'email', config: { email: 'a@b.c' } }, 'method "email" is not supported'],
    [{ event: 'repo_push', method: 'webhook', config: {} }, 'config.url is required'],
    [
      {
        event: 'vulnerability_found',
        method: 'webhook',
        config: { url: 'http://127.0.0.1:9/x' },
        eventConfig: { vulnerability: { priority: 'Severe' } },
      },
      'eventConfig.vulnerability.priority must be one of Unknown, Negligible, Low, Medium, High, Critical, Defcon1',
    ],
    [
      { event: 'repo_push', method: 'webhook', config: { url: 'ftp://example.com/x' } },
      'config.url must use http or https',
    ],
  ])('rejects %j with 400 and writes nothing', async (body, message) => {
    const response = await admin('POST', `${base()}/`, body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { status: number; error_message: string; error_type: string };
    expect(error).toMatchObject({ status: 400, error_type: 'invalid_request' });
    expect(error.error_message).toContain(message);
    const list = (await (await admin('GET', `${base()}/`)).json()) as { notifications: unknown[] };
    expect(list.notifications).toEqual([]);
  });

  it('answers malformed JSON and a wrong content type in Quay error bodies', async () => {
    const headers = { authorization: `Bearer ${stack.adminToken}` };
    const badJson = await fetch(`${base()}/`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"event":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ status: 400, error_type: 'invalid_request' });
    const text = await fetch(`${base()}/`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'repo_push',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({
      status: 415,
      error_message: 'Content-Type must be application/json, not text/plain',
    });
  });

  it('creates, lists, gets, resets and deletes notifications in Quay shape', async () => {
    const created = await create({
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${receiver.origin}/crud` },
      eventConfig: {},
      title: 'CI',
    });
    expect(created).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'CI',
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${receiver.origin}/crud` },
      event_config: {},
      number_of_failures: 0,
    });
    const one = `${base()}/${created.uuid}`;

    expect(await (await admin('GET', `${base()}/`)).json()).toEqual({ notifications: [created] });
    expect(await (await admin('GET', one)).json()).toEqual(created);

    // Not listed by the DTR API: each API lists its own subscriptions only.
    const dtr = (await (
      await fetch(`${stack.url('gateway')}/api/v0/webhooks`, { headers: { authorization: stack.adminAuth } })
    ).json()) as unknown[];
    expect(dtr).toEqual([]);

    await db.query(
      `UPDATE subscriptions SET consecutive_failures = 7, inactive = true WHERE api_fields->>'uuid' = $1`,
      [created.uuid],
    );
    expect(await (await admin('GET', one)).json()).toMatchObject({ number_of_failures: 7 });
    const reset = await admin('POST', one);
    expect(reset.status).toBe(201);
    expect(await reset.json()).toEqual(created);
    const { rows } = await db.query(`SELECT inactive FROM subscriptions WHERE api_fields->>'uuid' = $1`, [
      created.uuid,
    ]);
    expect(rows).toEqual([{ inactive: false }]);

    expect((await call('DELETE', one, bob.token)).status).toBe(403);
    expect((await admin('DELETE', one)).status).toBe(204);
    const gone = await admin('GET', one);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ status: 404, error_type: 'not_found' });
  });

  it('queues a test notification with example data', async () => {
    const { uuid } = await create({
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${receiver.origin}/test` },
    });
    const response = await admin('POST', `${base()}/${uuid}/test`);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({});
    const request = await receiver.waitForRequest(at('/test'), 20_000);
    expect(JSON.parse(request.body)).toEqual({ ...repositoryFields, updated_tags: ['latest'] });
    expect((await admin('POST', `${base()}/${randomUUID()}/test`)).status).toBe(404);
    expect((await admin('DELETE', `${base()}/${uuid}`)).status).toBe(204);
  });

  it('delivers every event and method in Quay shapes, filtered by priority and build outcome', async () => {
    const push = await create({
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${receiver.origin}/push` },
    });
    await create({ event: 'repo_push', method: 'slack', config: { url: `${receiver.origin}/slack` } });
    await create({
      event: 'vulnerability_found',
      method: 'webhook',
      config: { url: `${receiver.origin}/vuln` },
      eventConfig: { vulnerability: { priority: 'High' } },
    });
    await create({
      event: 'repo_mirror_sync_success',
      method: 'webhook',
      config: { url: `${receiver.origin}/mirror` },
    });
    await create({
      event: 'build_success',
      method: 'webhook',
      config: { url: `${receiver.origin}/build-ok` },
    });
    await create({
      event: 'build_failure',
      method: 'webhook',
      config: { url: `${receiver.origin}/build-fail` },
    });
    const before = receiver.requests.length;

    const tagPush = event('TAG_PUSH', { tag: '1.0', imageName: `${REGISTRY}/acme/api:1.0` });
    const mirror = event('POLL_MIRRORING', {
      tag: '1.0',
      imageName: `${REGISTRY}/acme/api:1.0`,
      sourceRepository: 'upstream/api',
      targetRepository: REPO,
    });
    const build = (status: string) =>
      event('BUILD_COMPLETED', {
        status,
        buildId: `build-${status}`,
        tag: '1.0',
        imageName: `${REGISTRY}/acme/api:1.0`,
      });
    await stack.appendEvents([
      tagPush,
      scan(0, 0, 4),
      scan(1, 0, 0),
      mirror,
      build('succeeded'),
      build('failed'),
    ]);

    const pushed = await receiver.waitForRequest(at('/push'), 20_000);
    expect(JSON.parse(pushed.body)).toEqual({ ...repositoryFields, updated_tags: ['1.0'] });
    expect(verifySignature(await secretOf(push.uuid), pushed)).toBeTruthy();

    const slack = JSON.parse((await receiver.waitForRequest(at('/slack'), 20_000)).body);
    expect(slack).toEqual({
      mrkdwn: true,
      text: `<https://${REGISTRY}/repository/${REPO}|Repository ${REPO} updated>`,
      username: 'Hookyard',
      attachments: [
        {
          fallback: `Repository ${REPO} updated`,
          text: `*Tags:* 1.0\n*Pull:* \`${REGISTRY}/${REPO}\``,
          color: 'good',
          mrkdwn_in: ['text'],
        },
      ],
    });

    expect(JSON.parse((await receiver.waitForRequest(at('/vuln'), 20_000)).body)).toEqual({
      ...repositoryFields,
      tags: ['1.0'],
      vulnerability: {
        priority: 'Critical',
        description: `1 critical, 0 major and 0 minor vulnerabilities in ${REGISTRY}/acme/api:1.0`,
      },
    });
    expect(JSON.parse((await receiver.waitForRequest(at('/mirror'), 20_000)).body)).toEqual({
      ...repositoryFields,
      message: `'upstream/api' mirrored to '${REPO}'`,
      tags: ['1.0'],
    });
    const buildFields = (status: string) => ({
      ...repositoryFields,
      homepage: `https://${REGISTRY}/repository/${REPO}/build/build-${status}`,
      build_id: `build-${status}`,
      trigger_kind: '',
      trigger_id: '',
      trigger_metadata: {},
      repo: 'api',
      docker_tags: ['1.0'],
      is_manual: false,
      manual_user: 'admin',
    });
    expect(JSON.parse((await receiver.waitForRequest(at('/build-ok'), 20_000)).body)).toEqual(
      buildFields('succeeded'),
    );
    expect(JSON.parse((await receiver.waitForRequest(at('/build-fail'), 20_000)).body)).toEqual({
      ...buildFields('failed'),
      error_message: 'build build-failed failed',
    });

    // The Low-only scan and the other build outcome are filtered out, not delivered late.
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      receiver.requests
        .slice(before)
        .map((request) => request.path)
        .sort(),
    ).toEqual(['/build-fail', '/build-ok', '/mirror', '/push', '/slack', '/vuln']);
  });

  it('delivers mirror-sync started/failed and build queued/start/cancelled in Quay shapes', async () => {
    const paths: Record<string, string> = {
      repo_mirror_sync_started: '/mirror-started',
      repo_mirror_sync_failed: '/mirror-failed',
      build_queued: '/build-queued',
      build_start: '/build-start',
      build_cancelled: '/build-cancelled',
    };
    for (const [quayEvent, path] of Object.entries(paths)) {
      await create({ event: quayEvent, method: 'webhook', config: { url: `${receiver.origin}${path}` } });
    }
    const mirrorSync = { source: 'quay.io/upstream/api', tags: ['1.0'] };
    const progress = { buildId: 'b-7', tags: ['1.0', 'latest'], imageName: `${REGISTRY}/acme/api:1.0` };
    await stack.appendEvents([
      event('MIRROR_SYNC_STARTED', mirrorSync),
      event('MIRROR_SYNC_FAILED', { ...mirrorSync, error: 'unauthorized' }),
      event('BUILD_QUEUED', progress),
      event('BUILD_STARTED', progress),
      event('BUILD_CANCELLED', progress),
    ]);

    const body = async (path: string) => JSON.parse((await receiver.waitForRequest(at(path), 20_000)).body);
    const mirrorFields = { ...repositoryFields, docker_url: REPO, homepage: '', tags: ['1.0'] };
    expect(await body('/mirror-started')).toEqual({
      ...mirrorFields,
      message: "'quay.io/upstream/api' sync started",
    });
    expect(await body('/mirror-failed')).toEqual({
      ...mirrorFields,
      message: "'quay.io/upstream/api' sync failed: unauthorized",
    });
    const buildFields = {
      ...repositoryFields,
      homepage: `https://${REGISTRY}/repository/${REPO}/build/b-7`,
      build_id: 'b-7',
      trigger_kind: '',
      trigger_id: '',
      trigger_metadata: {},
      repo: 'api',
      docker_tags: ['1.0', 'latest'],
      is_manual: false,
      manual_user: 'admin',
    };
    for (const path of ['/build-queued', '/build-start', '/build-cancelled']) {
      expect(await body(path)).toEqual(buildFields);
    }

    // A build system reports through ingest's native POST /events, and the notification fires.
    const accepted = await fetch(`${stack.url('ingest')}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'ci-build-8-queued',
        type: 'BUILD_QUEUED',
        contents: {
          ...EXAMPLE_CONTENTS.BUILD_QUEUED,
          namespace: 'acme',
          repository: 'api',
          ...progress,
          buildId: 'b-8',
        },
      }),
    });
    expect(accepted.status).toBe(202);
    const queued = await receiver.waitForRequest(
      (request) => request.path === '/build-queued' && JSON.parse(request.body).build_id === 'b-8',
      20_000,
    );
    expect(JSON.parse(queued.body)).toMatchObject({ repository: REPO, docker_tags: ['1.0', 'latest'] });
  });
});
