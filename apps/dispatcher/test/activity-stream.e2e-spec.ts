import { ACTIVITY_GROUP, eventStreamKey, streamGroupField, streamGroups } from '@hookyard/queue';
import {
  createWebhook,
  eventually,
  exampleEvent,
  Receiver,
  Stack,
  startReceiver,
  startStack,
} from '@hookyard/testing';
import { Client } from 'pg';

/**
 * The activity stream is recorded by a consumer group of its own, off the delivery path: events are
 * delivered while it cannot write, and recorded once it can; EVENT_LOG_RETENTION=0 records nothing.
 */
describe('activity stream beside delivery (e2e)', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  /** One number read from the stack's database. */
  const count = async (stack: Stack, sql: string, params: unknown[] = []) => {
    const db = new Client({ connectionString: stack.database.url });
    await db.connect();
    try {
      return ((await db.query(sql, params)).rows[0] as { n: number }).n;
    } finally {
      await db.end();
    }
  };
  const recorded = (stack: Stack, ids: string[]) =>
    count(stack, 'SELECT count(*)::int AS n FROM event_log WHERE id = ANY($1)', [ids]);
  /** Backends waiting for a lock on event_log (the activity group's insert, behind the test's lock). */
  const waitingOnEventLog = (stack: Stack) =>
    count(
      stack,
      `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'event_log'::regclass`,
    );
  const groups = async (stack: Stack) =>
    (await streamGroups(stack.redis, eventStreamKey(stack.env.REDIS_PREFIX))).map((group) =>
      streamGroupField(group, 'name'),
    );

  describe('recording on', () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await startStack({ apps: ['gateway', 'dispatcher', 'worker'] });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('delivers while the activity stream cannot write, and records every event once it can', async () => {
      await createWebhook(stack, { key: 'acme/api', endpoint: receiver.url });
      receiver.reset();
      // A transaction holding event_log: the activity group's insert waits behind it.
      const locker = new Client({ connectionString: stack.database.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE');
        const first = Array.from({ length: 5 }, () => exampleEvent('TAG_PUSH', 'acme/api'));
        await stack.appendEvents(first);
        // The activity group's insert of them now waits for the lock...
        await eventually(async () => ((await waitingOnEventLog(stack)) > 0 ? true : undefined), 30_000);
        // ...and events appended meanwhile are delivered all the same.
        const meanwhile = Array.from({ length: 5 }, () => exampleEvent('TAG_PUSH', 'acme/api'));
        await stack.appendEvents(meanwhile);
        await receiver.waitForRequests(first.length + meanwhile.length, 30_000);
        expect(await waitingOnEventLog(stack)).toBeGreaterThan(0);
        await locker.query('ROLLBACK');
        const ids = [...first, ...meanwhile].map((event) => event.id);
        await eventually(
          async () => ((await recorded(stack, ids)) === ids.length ? true : undefined),
          30_000,
        );
      } finally {
        await locker.end();
      }
      expect(await groups(stack)).toContain(ACTIVITY_GROUP);
    });

    it('trims the event stream once both groups have acknowledged its entries', async () => {
      const streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
      const events = Array.from({ length: 300 }, () => exampleEvent('TAG_PUSH', 'acme/api'));
      await stack.appendEvents(events);
      const appended = await stack.redis.xlen(streamKey);
      expect(appended).toBeGreaterThanOrEqual(events.length);
      const ids = events.map((event) => event.id);
      await eventually(async () => ((await recorded(stack, ids)) === ids.length ? true : undefined), 30_000);
      // The dispatcher trims every 10 s, whole stream nodes of 100 entries at a time.
      await eventually(
        async () => ((await stack.redis.xlen(streamKey)) <= appended - 200 ? true : undefined),
        30_000,
      );
    });
  });

  describe('EVENT_LOG_RETENTION=0', () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await startStack({
        apps: ['gateway', 'dispatcher', 'worker'],
        env: { EVENT_LOG_RETENTION: '0' },
      });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('delivers and records nothing: no activity consumer group reads the stream', async () => {
      await createWebhook(stack, { key: 'acme/api', endpoint: receiver.url });
      receiver.reset();
      const event = exampleEvent('TAG_PUSH', 'acme/api');
      await stack.appendEvents([event]);
      await receiver.waitForRequests(1, 30_000);
      expect(await groups(stack)).not.toContain(ACTIVITY_GROUP);
      expect(await recorded(stack, [event.id])).toBe(0);
    });
  });
});
