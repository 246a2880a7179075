import {
  buildOciImage,
  deliveriesOf,
  eventually,
  freePort,
  gatewayApi,
  manifestDigest,
  Receiver,
  RunningRegistry,
  skopeoCopy,
  Stack,
  startReceiver,
  startRegistry,
  StackOptions,
  startStack,
  verifySignature,
} from '@hookyard/testing';
import { eventStreamKey } from '@hookyard/queue';
import { randomBytes } from 'node:crypto';

/** Where the stack runs: one Redis and PostgreSQL, a Redis Cluster, PgBouncer before PostgreSQL. */
const SETUPS: Array<{ setup: string } & Pick<StackOptions, 'redis' | 'postgres'>> = [
  { setup: 'one Redis, PostgreSQL directly', redis: 'single', postgres: 'direct' },
  { setup: 'a 3-master Redis Cluster', redis: 'cluster', postgres: 'direct' },
  { setup: 'PgBouncer in transaction pooling mode', redis: 'single', postgres: 'pgbouncer' },
];

/**
 * The walking skeleton: a real registry push reaches a subscriber, signed, and the gateway's API
 * shows and redelivers it; on each setup.
 */
describe.each(SETUPS)('registry push → subscriber, $setup (e2e)', ({ redis, postgres }) => {
  let stack: Stack;
  let registry: RunningRegistry;
  let receiver: Receiver;

  beforeAll(async () => {
    // The registry is started first: ingest reads manifests from it (REGISTRY_URL).
    const ingestPort = await freePort();
    const ingestToken = `registry-${randomBytes(16).toString('hex')}`;
    registry = await startRegistry({
      notifyUrl: `http://127.0.0.1:${ingestPort}/events/distribution`,
      notifyToken: ingestToken,
    });
    stack = await startStack({
      env: { INGEST_PORT: String(ingestPort), INGEST_TOKEN: ingestToken, REGISTRY_URL: registry.url },
      redis,
      postgres,
    });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await registry?.stop();
    await stack?.stop();
  });

  it('delivers exactly one signed TAG_PUSH with the image fields', async () => {
    const created = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string; lastSuccessfulAt: string };
    expect(webhook.id).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook.lastSuccessfulAt).toBe('0001-01-01T00:00:00Z');

    const layout = await buildOciImage({ os: 'linux', architecture: 'arm64' });
    await skopeoCopy(layout, `${registry.host}/acme/api:1.0`);

    const [request] = await receiver.waitForRequests(1, 30_000);
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      type: 'TAG_PUSH',
      createdAt: expect.any(String),
      contents: expect.objectContaining({
        namespace: 'acme',
        repository: 'api',
        tag: '1.0',
        digest: manifestDigest(layout),
        os: 'linux',
        architecture: 'arm64',
        imageName: `${registry.host}/acme/api:1.0`,
        author: '',
        pushedAt: expect.any(String),
      }),
    });
    expect(verifySignature(webhook.secret, request)).toEqual(body);
    // The event went through the stack's Redis (on a cluster, the slot of the prefix's hash tag).
    expect(await stack.redis.xlen(eventStreamKey(stack.env.REDIS_PREFIX))).toBeGreaterThan(0);

    // Nothing more arrives (MANIFEST_PUSH and blob events have no subscriber here).
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);

    // lastSuccessfulAt is written within about a second of the success.
    await eventually(async () => {
      const list = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
        headers: { authorization: stack.adminAuth },
      });
      const [listed] = (await list.json()) as Array<{ lastSuccessfulAt: string }>;
      return listed.lastSuccessfulAt !== '0001-01-01T00:00:00Z' ? true : undefined;
    });
  });

  it('logs the delivery, and redelivers it on request under the same webhook-id', async () => {
    const [webhook] = (await gatewayApi(stack, '/api/v0/webhooks')).body as Array<{ id: string }>;
    const [delivery] = await eventually(async () => {
      const logged = await deliveriesOf(stack, webhook.id);
      return logged[0]?.status === 'succeeded' ? logged : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 1, lastResponseStatus: 200 });
    const [first] = receiver.requests;
    expect(delivery.webhookMessageID).toBe(first.headers['webhook-id']);

    const redelivered = await gatewayApi(
      stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`,
      { method: 'POST' },
    );
    expect(redelivered.status).toBe(202);
    const [, again] = await receiver.waitForRequests(2, 30_000);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    await eventually(async () => {
      const logged = await deliveriesOf(stack, webhook.id, '?status=succeeded');
      return logged.length === 2 ? true : undefined;
    });
  });
});
