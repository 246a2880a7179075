import { webhookIdFor } from '@hookyard/delivery';
import {
  createWebhook,
  eventually,
  Receiver,
  REDIS_TOPOLOGIES,
  Stack,
  startRedisCluster,
  startReceiver,
  startStack,
  startThrowawayRedis,
  tagPushEvent,
  TestRedis,
} from '@hookyard/testing';

/**
 * A Redis restart loses no delivery: its own redis-server (or a cluster of them) with AOF, as
 * compose and k8s run it, so the machine's shared Redis is left alone.
 */
describe.each(REDIS_TOPOLOGIES)('delivery across a Redis restart, %s Redis (e2e)', (topology) => {
  let stack: Stack;
  let receiver: Receiver;
  let redis: TestRedis;

  beforeAll(async () => {
    redis =
      topology === 'cluster'
        ? await startRedisCluster({ appendOnly: true })
        : await startThrowawayRedis({ appendOnly: true });
    stack = await startStack({ apps: ['gateway', 'dispatcher', 'worker'], redis });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await redis?.stop();
  });

  it('delivers every event queued before, and every event appended after, the restart', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/redis', endpoint: receiver.url });
    // Slow answers keep most deliveries queued or in flight while Redis restarts.
    receiver.setDefaultResponse({ status: 200, delayMs: 300 });
    const before = Array.from({ length: 30 }, () => tagPushEvent('crash/redis'));
    await stack.appendEvents(before);
    await receiver.waitForRequests(5, 10_000);

    await redis.shutdown();
    await redis.restart();
    const after = Array.from({ length: 10 }, () => tagPushEvent('crash/redis'));
    await eventually(() => stack.appendEvents(after).then(() => true));

    const expected = new Set([...before, ...after].map((event) => webhookIdFor(event.id, webhook.id)));
    const seen = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    await eventually(async () => (seen().size >= expected.size ? true : undefined), 40_000);
    expect(seen()).toEqual(expected);
  });
});
