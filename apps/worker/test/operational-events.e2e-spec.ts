import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import {
  basicAuth,
  createUserWithToken,
  createWebhook,
  deliveriesOf,
  eventually,
  gatewayApi,
  Receiver,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  TestUser,
  verifySignature,
} from '@hookyard/testing';

/**
 * Operational events through the real stack: a webhook driven to disable, its exhausted and
 * failing deliveries, delivered to its namespace owner's operational webhooks like any event,
 * and nothing raised about the operational webhooks' own deliveries.
 */
describe('operational events (e2e)', () => {
  let stack: Stack;
  /** The owner's and the admin's operational webhooks (200), told apart by path. */
  let ops: Receiver;
  /** Answers 500: the watched webhook, and an operational webhook that fails too. */
  let failing: Receiver;
  /** Answers 410 Gone. */
  let gone: Receiver;
  let owner: TestUser;

  beforeAll(async () => {
    stack = await startStack({
      env: { DELIVERY_RETRY_SCHEDULE: '50ms,50ms,50ms,50ms', DELIVERY_DISABLE_AFTER_FAILURES: '2' },
    });
    [ops, failing, gone] = await Promise.all([
      startReceiver(),
      startReceiver({ defaultResponse: { status: 500 } }),
      startReceiver({ defaultResponse: { status: 410 } }),
    ]);
    // A user owns the namespace of their name.
    owner = await createUserWithToken(stack, 'opsowner');
  });

  afterAll(async () => {
    await Promise.all([ops?.close(), failing?.close(), gone?.close()]);
    await stack?.stop();
  });

  const subscribe = async (type: string, key: string | undefined, endpoint: string, auth?: string) => {
    const created = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type, ...(key && { key }), endpoint },
      auth,
    });
    if (created.status !== 201) throw new Error(`${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { id: string; secret: string };
  };

  /** Nothing left anywhere: every event dispatched and every delivery job (and retry) done. */
  const quiet = async () => {
    const lines = (await (await fetch(`${stack.url('dispatcher')}/metrics`)).text()).split('\n');
    const value = (name: string, label: string) =>
      Number(
        lines
          .find((line) => line.startsWith(`${name}{`) && line.includes(label))
          ?.split(' ')
          .at(-1) ?? NaN,
      );
    const idle =
      value('hookyard_event_stream_lag', 'group="dispatchers"') === 0 &&
      value('hookyard_event_stream_pending', 'group="dispatchers"') === 0 &&
      ['waiting', 'active', 'delayed'].every(
        (state) => value('hookyard_delivery_jobs', `state="${state}"`) === 0,
      );
    return idle ? true : undefined;
  };

  /** Hookyard's own events in the stream. */
  const operationalEvents = async (): Promise<CanonicalEvent[]> => {
    const entries = await stack.redis.xrange(eventStreamKey(stack.env.REDIS_PREFIX), '-', '+');
    return entries
      .map(([, fields]) => JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]) as CanonicalEvent)
      .filter((event) => event.source === 'hookyard');
  };

  it('are subscribed to by the namespace owner, not by others', async () => {
    const stranger = await createUserWithToken(stack, 'opsstranger');
    const refused = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'WEBHOOK_DISABLED', key: owner.name, endpoint: ops.url },
      auth: basicAuth(stranger),
    });
    expect(refused.status).toBe(403);
    const onRepository = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'DELIVERY_EXHAUSTED', key: `${owner.name}/api`, endpoint: ops.url },
      auth: basicAuth(owner),
    });
    expect(onRepository.status).toBe(400);
    expect(onRepository.body.errors[0].message).toMatch(/key must be a namespace for DELIVERY_EXHAUSTED/);
  });

  it("are in the DTR API's types, in its OpenAPI document", async () => {
    const { body } = await gatewayApi(stack, '/api/docs-json');
    const schemas = (
      body as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }
    ).components.schemas;
    expect(schemas.CreateWebhookDto.properties.type.enum).toEqual(
      expect.arrayContaining(['WEBHOOK_DISABLED', 'DELIVERY_EXHAUSTED', 'DELIVERY_FAILING']),
    );
  });

  it('a webhook driven to disable produces one WEBHOOK_DISABLED delivery to its owner; exhausted and failing deliveries are told; no loops', async () => {
    const auth = basicAuth(owner);
    const ns = owner.name;
    const disabledHook = await subscribe('WEBHOOK_DISABLED', ns, `${ops.origin}/owner-disabled`, auth);
    const failingHook = await subscribe('DELIVERY_FAILING', ns, `${ops.origin}/owner-failing`, auth);
    // The owner's DELIVERY_EXHAUSTED endpoint fails too: its own exhausted deliveries, and its
    // being turned off, must raise nothing.
    const exhaustedHook = await subscribe(
      'DELIVERY_EXHAUSTED',
      ns,
      `${failing.origin}/owner-exhausted`,
      auth,
    );
    // The admin's, to every namespace.
    const everywhere = await subscribe('WEBHOOK_DISABLED', undefined, `${ops.origin}/admin-disabled`);

    const watched = await createWebhook(stack, { key: `${ns}/api`, endpoint: `${failing.origin}/watched` });
    const elsewhere = await createWebhook(stack, { key: 'elsewhere/api', endpoint: gone.url });
    const pushes = [tagPushEvent(`${ns}/api`), tagPushEvent(`${ns}/api`)];
    await stack.appendEvents([...pushes, tagPushEvent('elsewhere/api')]);

    // Each push fails 5 times; the second failed delivery turns the webhook off (limit 2).
    const failedDeliveries = await Promise.all(
      pushes.map((event) => settledDelivery(stack, watched.id, event.id, 'failed', 30_000)),
    );
    const toOwner = await ops.waitForRequest((r) => r.path === '/owner-disabled', 30_000);
    expect(verifySignature(disabledHook.secret, toOwner)).toEqual({
      type: 'WEBHOOK_DISABLED',
      createdAt: expect.any(String),
      contents: {
        webhookID: watched.id,
        api: 'dtr',
        namespace: ns,
        repository: 'api',
        reason: 'failed-deliveries',
        consecutiveFailures: 2,
        disabledAt: expect.any(String),
      },
    });
    await eventually(async () => (await quiet()) && (await ops.waitForRequests(5)), 60_000);

    // The stream holds each operational event once, about the watched and the gone webhooks only.
    const emitted = await operationalEvents();
    const summary = emitted
      .map((event) => `${event.type} ${(event.contents as { webhookID: string }).webhookID}`)
      .sort();
    expect(summary).toEqual(
      [
        `DELIVERY_EXHAUSTED ${watched.id}`,
        `DELIVERY_EXHAUSTED ${watched.id}`,
        `DELIVERY_FAILING ${watched.id}`,
        `DELIVERY_FAILING ${watched.id}`,
        `WEBHOOK_DISABLED ${elsewhere.id}`,
        `WEBHOOK_DISABLED ${watched.id}`,
      ].sort(),
    );
    const exhausted = emitted.filter((event) => event.type === 'DELIVERY_EXHAUSTED');
    expect(
      exhausted
        .map((event) => event.contents as { deliveryID: string })
        .sort((a, b) => (a.deliveryID < b.deliveryID ? -1 : 1)),
    ).toEqual(
      failedDeliveries
        .map((delivery) => ({
          webhookID: watched.id,
          api: 'dtr',
          namespace: ns,
          repository: 'api',
          deliveryID: delivery.id,
          eventID: delivery.eventID,
          eventType: 'TAG_PUSH',
          webhookMessageID: delivery.webhookMessageID,
          attempts: 5,
          lastResponseStatus: 500,
          error: 'HTTP 500',
          failedAt: expect.any(String),
        }))
        .sort((a, b) => (a.deliveryID < b.deliveryID ? -1 : 1)),
    );
    expect(
      emitted.find((event) => event.type === 'WEBHOOK_DISABLED' && event.namespace === 'elsewhere'),
    ).toMatchObject({
      contents: { webhookID: elsewhere.id, reason: 'endpoint-gone' },
    });

    // Delivered like any event: once to each subscriber, the owner's and the admin's.
    const paths = ops.requests.map((request) => request.path).sort();
    expect(paths).toEqual([
      '/admin-disabled',
      '/admin-disabled',
      '/owner-disabled',
      '/owner-failing',
      '/owner-failing',
    ]);
    const toAdmin = ops.requests.filter((request) => request.path === '/admin-disabled');
    expect(
      toAdmin
        .map(
          (request) =>
            (verifySignature(everywhere.secret, request) as { contents: { webhookID: string } }).contents
              .webhookID,
        )
        .sort(),
    ).toEqual([watched.id, elsewhere.id].sort());
    for (const request of ops.requests.filter((r) => r.path === '/owner-failing'))
      expect(verifySignature(failingHook.secret, request)).toMatchObject({
        type: 'DELIVERY_FAILING',
        contents: { webhookID: watched.id, attempts: 4 },
      });
    expect((await deliveriesOf(stack, disabledHook.id)).map((d) => d.status)).toEqual(['succeeded']);

    // The failing operational webhook got both exhausted deliveries, five attempts each, and was
    // turned off by them, without a word about itself.
    expect(failing.requests.filter((request) => request.path === '/owner-exhausted')).toHaveLength(10);
    const exhaustedLog = await deliveriesOf(stack, exhaustedHook.id);
    expect(exhaustedLog.map((d) => d.status)).toEqual(['failed', 'failed']);
    const listed = (await gatewayApi(stack, '/api/v0/webhooks', { auth })).body as Array<{
      id: string;
      inactive: boolean;
    }>;
    expect(listed.find((w) => w.id === exhaustedHook.id)?.inactive).toBe(true);
  });
});
