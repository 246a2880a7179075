import { webhookIdFor } from '@hookyard/delivery';
import {
  createWebhook,
  deliveriesOf,
  eventually,
  queryDatabase,
  REDIS_TOPOLOGIES,
  settledDelivery,
  startReceiver,
  suiteStackWithReceiver,
  tagPushEvent,
  verifySignature,
} from '@hookyard/testing';

/**
 * At-least-once delivery through real process deaths: nothing missing, repeats keep their
 * webhook-id. The worker's crashes run on one Redis and on a cluster; the PostgreSQL and address
 * checks, which do not depend on Redis, on one Redis only.
 */
describe.each(REDIS_TOPOLOGIES)('delivery crash safety, %s Redis (e2e)', (topology) => {
  const suite = suiteStackWithReceiver({
    apps: ['gateway', 'dispatcher', 'worker'],
    env: { WORKER_LOCK_DURATION: '2s', DELIVERY_TIMEOUT: '10s' },
    redis: topology,
  });

  /** Distinct webhook-ids seen so far; each must be the id of one expected (event, subscription). */
  const distinctIds = () => new Set(suite.receiver.requests.map((r) => String(r.headers['webhook-id'])));

  // First: the next test's killed worker leaves a stalled job in the worker's log.
  it('a delivery outlasting WORKER_LOCK_DURATION keeps its lock: sent once, never taken for stalled', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'crash/slow', endpoint: suite.receiver.url });
    // Three lock durations: a lock not renewed meanwhile makes the job look like a dead worker's.
    suite.receiver.respondWith({ status: 200, delayMs: 6000 });
    const event = tagPushEvent('crash/slow');
    await suite.stack.appendEvents([event]);
    await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded', 20_000);
    expect(suite.receiver.count).toBe(1);
    expect(suite.stack.logs('worker')).not.toMatch(/delivery job stalled/);
  });

  it('SIGKILL of a worker mid-delivery: delivered again by the next worker with the same webhook-id', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'crash/mid', endpoint: suite.receiver.url });
    suite.receiver.respondWith({ status: 200, delayMs: 5000 });
    const event = tagPushEvent('crash/mid');
    await suite.stack.appendEvents([event]);
    const [first] = await suite.receiver.waitForRequests(1, 10_000);
    await suite.stack.stopApp('worker', 'SIGKILL');
    await suite.stack.start('worker');

    const requests = await suite.receiver.waitForRequests(2, 20_000);
    expect(requests[1].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verifySignature(webhook.secret, requests[1])).toMatchObject({ type: 'TAG_PUSH' });
    await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
    expect(suite.stack.logs('worker')).toMatch(/delivery job stalled/);
  });

  it('SIGKILL of a worker mid-delivery of an ordered webhook: the next worker sends it again, then the rest, in order', async () => {
    const webhook = await createWebhook(suite.stack, {
      key: 'crash/ordered',
      endpoint: suite.receiver.url,
      ordered: true,
    });
    suite.receiver.respondWith({ status: 200, delayMs: 5000 });
    const events = [1, 2, 3].map(() => tagPushEvent('crash/ordered'));
    await suite.stack.appendEvents(events);
    await suite.receiver.waitForRequests(1, 10_000);
    await suite.stack.stopApp('worker', 'SIGKILL');
    await suite.stack.start('worker');

    const requests = await suite.receiver.waitForRequests(4, 20_000);
    const order = requests.map((request) =>
      events.findIndex((event) => webhookIdFor(event.id, webhook.id) === request.headers['webhook-id']),
    );
    expect(order).toEqual([0, 0, 1, 2]);
    for (const event of events) await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
  });

  it('SIGTERM lets the in-flight delivery finish and logs it before exiting', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'crash/term', endpoint: suite.receiver.url });
    suite.receiver.respondWith({ status: 200, delayMs: 1500 });
    const event = tagPushEvent('crash/term');
    await suite.stack.appendEvents([event]);
    await suite.receiver.waitForRequests(1, 10_000);
    await suite.stack.stopApp('worker', 'SIGTERM');

    const [logged] = await queryDatabase(
      suite.stack,
      'SELECT status, attempts FROM deliveries WHERE event_id = $1',
      [event.id],
    );
    expect(logged).toEqual({ status: 'succeeded', attempts: 1 });
    // Past DELIVERY_LOG_RETENTION (30d), pruned when the worker starts: a delivery with its
    // attempts and the event it carries. An old event a recent delivery (a redelivery) carries stays.
    const [old] = await queryDatabase(
      suite.stack,
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, created_at, updated_at,
                               event, first_attempt_at, first_request_headers, first_request_body, first_duration_ms)
       VALUES (gen_random_uuid(), 'old', $1, 'TAG_PUSH', 'msg_old', 'succeeded', now() - interval '31 days',
               now() - interval '31 days', '{}', now() - interval '31 days', '{}', '', 1),
              (gen_random_uuid(), 'old-redelivered', $1, 'TAG_PUSH', 'msg_re', 'succeeded', now() - interval '31 days',
               now(), '{}', null, null, null, null)
       RETURNING id`,
      [webhook.id],
    );
    await queryDatabase(
      suite.stack,
      `INSERT INTO delivery_attempts (delivery_id, attempt_number, request_headers, request_body, duration_ms, created_at)
       VALUES ($1, 2, '{}', '', 1, now() - interval '31 days')`,
      [old.id],
    );
    await suite.stack.start('worker');
    await eventually(async () => {
      const [left] = await queryDatabase(
        suite.stack,
        `SELECT (SELECT count(*) FROM deliveries WHERE event_id = 'old')::int AS deliveries,
                (SELECT count(*) FROM delivery_attempts WHERE delivery_id = $1)::int AS attempts`,
        [old.id],
      );
      return Object.values(left).every((count) => count === 0) ? true : undefined;
    });
    const kept = await queryDatabase(
      suite.stack,
      `SELECT id FROM deliveries WHERE event_id = 'old-redelivered' AND event IS NOT NULL`,
    );
    expect(kept).toHaveLength(1);
    await queryDatabase(suite.stack, `DELETE FROM deliveries WHERE event_id = 'old-redelivered'`);
    expect(suite.receiver.count).toBe(1);
    expect((await deliveriesOf(suite.stack, webhook.id)).map((d) => d.status)).toEqual(['succeeded']);
  });

  it('a worker SIGKILLed with many deliveries in flight loses none', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'crash/many', endpoint: suite.receiver.url });
    suite.receiver.setDefaultResponse({ status: 200, delayMs: 100 });
    const events = Array.from({ length: 60 }, () => tagPushEvent('crash/many'));
    await suite.stack.appendEvents(events);
    await suite.receiver.waitForRequests(10, 10_000);
    await suite.stack.stopApp('worker', 'SIGKILL');
    await suite.stack.start('worker');

    const expected = new Set(events.map((event) => webhookIdFor(event.id, webhook.id)));
    await eventually(async () => (distinctIds().size >= expected.size ? true : undefined), 30_000);
    expect(distinctIds()).toEqual(expected);
    suite.receiver.setDefaultResponse({ status: 200 });
  });

  const onOneRedis = topology === 'single' ? it : it.skip;

  onOneRedis('PostgreSQL connections terminated: deliveries continue and none is missing', async () => {
    // A receiver of its own: the previous test's killed worker may still repeat its deliveries
    // (at-least-once, after WORKER_LOCK_DURATION) to the shared one while this test counts.
    const target = await startReceiver();
    try {
      const webhook = await createWebhook(suite.stack, { key: 'crash/pg', endpoint: target.url });
      const before = Array.from({ length: 20 }, () => tagPushEvent('crash/pg'));
      await suite.stack.appendEvents(before);
      await target.waitForRequests(5, 10_000);
      const database = new URL(suite.stack.database.url).pathname.slice(1);
      const killed = await queryDatabase(
        suite.stack,
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      expect(killed.length).toBeGreaterThan(0);
      const after = Array.from({ length: 20 }, () => tagPushEvent('crash/pg'));
      await suite.stack.appendEvents(after);

      const expected = new Set([...before, ...after].map((event) => webhookIdFor(event.id, webhook.id)));
      const seen = () => new Set(target.requests.map((r) => String(r.headers['webhook-id'])));
      await eventually(async () => (seen().size >= expected.size ? true : undefined), 30_000);
      expect(seen()).toEqual(expected);
    } finally {
      await target.close();
    }
  });

  onOneRedis(
    'refuses private and metadata endpoints at create time and loopback names at connect time',
    async () => {
      // A receiver of its own: late at-least-once repeats of the earlier tests go to the shared one.
      const target = await startReceiver();
      try {
        for (const endpoint of [
          'http://169.254.169.254/latest/meta-data/',
          'http://10.1.2.3/hook',
          'http://[fc00::1]/',
          // IPv4-compatible IPv6 of the loopback receiver: refused although this stack opens 127.0.0.0/8.
          `http://[::127.0.0.1]:${target.port}/hook`,
        ]) {
          const created = await fetch(`${suite.stack.url('gateway')}/api/v0/webhooks`, {
            method: 'POST',
            headers: { authorization: suite.stack.adminAuth, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'TAG_PUSH', key: 'crash/ssrf', endpoint }),
          });
          expect(created.status).toBe(400);
          const body = (await created.json()) as { errors: Array<{ code: string; message: string }> };
          expect(body.errors[0].code).toBe('INVALID_PARAMETERS');
          expect(body.errors[0].message).toMatch(/endpoint .* is refused/);
        }

        // A subscription made while an operator had opened ::/96 is refused by a worker that has not.
        await suite.stack.stopApp('gateway');
        await suite.stack.start('gateway', { DELIVERY_ALLOWED_CIDRS: '127.0.0.0/8,::1/128,::/96' });
        const compatible = await createWebhook(suite.stack, {
          key: 'crash/ssrf',
          endpoint: `http://[::127.0.0.1]:${target.port}/hook`,
        });
        const first = tagPushEvent('crash/ssrf');
        await suite.stack.appendEvents([first]);
        const refusedCompatible = await settledDelivery(suite.stack, compatible.id, first.id, 'failed');
        for (const attempt of refusedCompatible.attemptLog)
          expect(attempt.error).toMatch(
            /EREFUSEDADDRESS: address ::7f00:1 is IPv4-compatible and not allowed/,
          );
        await suite.stack.stopApp('gateway');
        await suite.stack.start('gateway');

        // The gateway of this stack allows loopback; a worker without the allowlist refuses it on connect.
        const webhook = await createWebhook(suite.stack, {
          key: 'crash/ssrf',
          endpoint: `http://localhost:${target.port}/hook`,
        });
        await suite.stack.stopApp('worker');
        await suite.stack.start('worker', { DELIVERY_ALLOWED_CIDRS: '' });
        const event = tagPushEvent('crash/ssrf');
        await suite.stack.appendEvents([event]);
        const refused = await settledDelivery(suite.stack, webhook.id, event.id, 'failed');
        expect(refused.attemptLog.length).toBeGreaterThan(1);
        for (const attempt of refused.attemptLog)
          expect(attempt.error).toMatch(/EREFUSEDADDRESS: localhost resolves to a loopback address/);
        expect(target.count).toBe(0);
      } finally {
        await target.close();
      }
    },
  );
});
