import { webhookIdFor } from '@hookyard/delivery';
import { DISPATCHER_GROUP, eventStreamKey } from '@hookyard/queue';
import {
  createWebhook,
  eventually,
  Receiver,
  REDIS_TOPOLOGIES,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
} from '@hookyard/testing';

/** SIGKILL of the dispatcher between reading (and enqueueing) a batch and acknowledging it. */
describe.each(REDIS_TOPOLOGIES)('dispatcher crash, %s Redis (e2e)', (topology) => {
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    // A dead consumer's entries are claimed by the next dispatcher after 1 s instead of 30 s.
    stack = await startStack({ env: { DISPATCHER_CLAIM_IDLE: '1s' }, redis: topology });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const pending = async () => {
    const groups = (await stack.redis.xinfo('GROUPS', eventStreamKey(stack.env.REDIS_PREFIX))) as unknown[][];
    const group = groups
      .map((fields) => Object.fromEntries(chunk(fields)))
      .find((g) => g.name === DISPATCHER_GROUP);
    return Number(group?.pending ?? 0);
  };

  it('loses no event: the next dispatcher claims the unacknowledged batch; repeats keep their webhook-id', async () => {
    const { id: subscriptionId } = await createWebhook(stack, { key: 'acme/api', endpoint: receiver.url });

    // Append a burst and kill the dispatcher as soon as it holds read-but-unacknowledged entries;
    // a few rounds at most, until a kill lands inside that window.
    const expectedIds = new Set<string>();
    let pendingAtKill = 0;
    for (let round = 0; round < 8 && pendingAtKill === 0; round++) {
      if (round > 0) await stack.start('dispatcher');
      const events = Array.from({ length: 400 }, () => tagPushEvent('acme/api'));
      await stack.appendEvents(events);
      for (const event of events) expectedIds.add(webhookIdFor(event.id, subscriptionId));
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await pending()) === 0) await new Promise((r) => setImmediate(r));
      await stack.stopApp('dispatcher', 'SIGKILL');
      pendingAtKill = await pending();
    }
    expect(pendingAtKill).toBeGreaterThan(0);

    await stack.start('dispatcher');
    // Every event arrives; a repeat (re-dispatched after the kill) carries its event's webhook-id,
    // so it adds no id of its own. Counted by distinct ids: repeats arrive too.
    const received = () => new Set(receiver.requests.map((request) => String(request.headers['webhook-id'])));
    await eventually(async () => (received().size >= expectedIds.size ? true : undefined), 60_000);
    expect(received()).toEqual(expectedIds);
    expect(await pending()).toBe(0);
  });
});

function chunk(fields: unknown[]): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (let i = 0; i < fields.length; i += 2) pairs.push([String(fields[i]), fields[i + 1]]);
  return pairs;
}
