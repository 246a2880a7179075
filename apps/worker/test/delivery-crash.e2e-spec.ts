import { webhookIdFor } from '@hookyard/delivery';
import { appendEvents, Receiver, Stack, startReceiver, startStack } from '@hookyard/testing';
import {
  createWebhook,
  deliveriesOf,
  eventually,
  settledDelivery,
  sql,
  tagPush,
  verifySignature,
} from './delivery-helpers';

/** At-least-once (SPEC §5) with real process deaths: nothing missing, duplicates only as the same webhook-id. */
describe('delivery crash safety (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['gateway', 'dispatcher', 'worker'],
      env: { WORKER_LOCK_DURATION: '2s', DELIVERY_TIMEOUT: '10s' },
    });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  beforeEach(() => receiver.reset());

  /** Distinct webhook-ids seen so far; each must be the id of one expected (event, subscription). */
  const distinctIds = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));

  it('SIGKILL of a worker mid-delivery: delivered again by the next worker with the same webhook-id', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/mid', endpoint: receiver.url });
    receiver.respondWith({ status: 200, delayMs: 5000 });
    const event = tagPush('crash/mid');
    await appendEvents(stack, [event]);
    const [first] = await receiver.waitForRequests(1, 10_000);
    await stack.stopApp('worker', 'SIGKILL');
    await stack.start('worker');

    const requests = await receiver.waitForRequests(2, 20_000);
    expect(requests[1].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verifySignature(webhook.secret, requests[1])).toMatchObject({ type: 'TAG_PUSH' });
    await settledDelivery(stack, webhook.id, event.id, 'succeeded');
  });

  it('SIGTERM lets the in-flight delivery finish and logs it before exiting', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/term', endpoint: receiver.url });
    receiver.respondWith({ status: 200, delayMs: 1500 });
    const event = tagPush('crash/term');
    await appendEvents(stack, [event]);
    await receiver.waitForRequests(1, 10_000);
    await stack.stopApp('worker', 'SIGTERM');

    const [logged] = await sql(stack, 'SELECT status, attempts FROM deliveries WHERE event_id = $1', [
      event.id,
    ]);
    expect(logged).toEqual({ status: 'succeeded', attempts: 1 });
    await stack.start('worker');
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.count).toBe(1);
    expect((await deliveriesOf(stack, webhook.id)).map((d) => d.status)).toEqual(['succeeded']);
  });

  it('a worker SIGKILLed with many deliveries in flight loses none', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/many', endpoint: receiver.url });
    receiver.setDefaultResponse({ status: 200, delayMs: 100 });
    const events = Array.from({ length: 60 }, () => tagPush('crash/many'));
    await appendEvents(stack, events);
    await receiver.waitForRequests(10, 10_000);
    await stack.stopApp('worker', 'SIGKILL');
    await stack.start('worker');

    const expected = new Set(events.map((event) => webhookIdFor(event.id, webhook.id)));
    await eventually(async () => (distinctIds().size >= expected.size ? true : undefined), 30_000);
    expect(distinctIds()).toEqual(expected);
    receiver.setDefaultResponse({ status: 200 });
  });

  it('PostgreSQL connections terminated: deliveries continue and none is missing', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/pg', endpoint: receiver.url });
    const before = Array.from({ length: 20 }, () => tagPush('crash/pg'));
    await appendEvents(stack, before);
    await receiver.waitForRequests(5, 10_000);
    const database = new URL(stack.database.url).pathname.slice(1);
    const killed = await sql(
      stack,
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    expect(killed.length).toBeGreaterThan(0);
    const after = Array.from({ length: 20 }, () => tagPush('crash/pg'));
    await appendEvents(stack, after);

    const expected = new Set([...before, ...after].map((event) => webhookIdFor(event.id, webhook.id)));
    await eventually(async () => (distinctIds().size >= expected.size ? true : undefined), 30_000);
    expect(distinctIds()).toEqual(expected);
  });
});
