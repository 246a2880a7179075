import type { CanonicalEvent } from '@hookyard/events';
import { DISPATCHER_GROUP, eventStreamKey } from '@hookyard/queue';
import { Receiver, Stack, startReceiver, startStack } from '@hookyard/testing';
import { randomUUID } from 'node:crypto';

const tagPush = (): CanonicalEvent => {
  const id = randomUUID();
  return {
    id,
    type: 'TAG_PUSH',
    occurredAt: new Date().toISOString(),
    source: 'test',
    namespace: 'acme',
    repository: 'api',
    contents: { namespace: 'acme', repository: 'api', tag: id },
    dedupKey: id,
  };
};

/** SIGKILL of the dispatcher between reading (and enqueueing) a batch and acknowledging it. */
describe('dispatcher crash (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    // A dead consumer's entries are claimed by the next dispatcher after 1 s instead of 30 s.
    stack = await startStack({ env: { DISPATCHER_CLAIM_IDLE: '1s' } });
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
    const created = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url }),
    });
    expect(created.status).toBe(201);

    // Append a burst and kill the dispatcher as soon as it holds read-but-unacknowledged entries;
    // a few rounds at most, until a kill lands inside that window.
    let appended = 0;
    let pendingAtKill = 0;
    for (let round = 0; round < 8 && pendingAtKill === 0; round++) {
      if (round > 0) await stack.start('dispatcher');
      const events = Array.from({ length: 400 }, tagPush);
      await stack.appendEvents(events);
      appended += events.length;
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await pending()) === 0) await new Promise((r) => setImmediate(r));
      await stack.stopApp('dispatcher', 'SIGKILL');
      pendingAtKill = await pending();
    }
    expect(pendingAtKill).toBeGreaterThan(0);

    await stack.start('dispatcher');
    await receiver.waitForRequests(appended, 60_000);
    const tags = new Map<string, Set<string>>();
    for (const request of receiver.requests) {
      const tag = JSON.parse(request.body).contents.tag as string;
      tags.set(tag, (tags.get(tag) ?? new Set()).add(String(request.headers['webhook-id'])));
    }
    expect(tags.size).toBe(appended);
    expect([...tags.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(await pending()).toBe(0);
  });
});

function chunk(fields: unknown[]): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (let i = 0; i < fields.length; i += 2) pairs.push([String(fields[i]), fields[i + 1]]);
  return pairs;
}
