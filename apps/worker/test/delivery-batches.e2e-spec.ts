import {
  CreatedWebhook,
  createWebhook,
  deliveriesOf,
  eventually,
  queryDatabase,
  Receiver,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  verifySignature,
} from '@hookyard/testing';

/**
 * An event matching several subscriptions, or events read together, are delivered by batch jobs
 * (DELIVERY_BATCH_SIZE deliveries per job); what goes on after the first attempt (retries,
 * saturated endpoints) continues as the delivery's own job, logged under the same delivery with
 * the same webhook-id.
 */
describe('fan-out in batch jobs (e2e)', () => {
  let stack: Stack;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    stack = await startStack({
      apps: ['gateway', 'dispatcher', 'worker'],
      env: {
        DELIVERY_BATCH_SIZE: '3',
        DELIVERY_RETRY_SCHEDULE: '200ms,400ms',
        DELIVERY_ENDPOINT_CONCURRENCY: '1',
        WORKER_LOCK_DURATION: '2s',
      },
    });
    for (let i = 0; i < 5; i++) receivers.push(await startReceiver());
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await stack?.stop();
  });

  beforeEach(() => receivers.forEach((receiver) => receiver.reset()));

  const subscribeAll = async (key: string, endpoints: string[]): Promise<CreatedWebhook[]> => {
    const webhooks: CreatedWebhook[] = [];
    for (const endpoint of endpoints) webhooks.push(await createWebhook(stack, { key, endpoint }));
    return webhooks;
  };

  it('delivers to every subscription once; a failed first attempt is retried as its own job', async () => {
    const webhooks = await subscribeAll(
      'fanout/retry',
      receivers.map((receiver) => receiver.url),
    );
    // Every first answer comes 500 ms after its request, so that the answers of a batch job arrive
    // together and their rows meet in one delivery-log write (where a shared body is stored once).
    receivers.slice(0, 4).forEach((receiver) => receiver.respondWith({ status: 200, delayMs: 500 }));
    receivers[4].respondWith({ status: 500, body: 'not yet', delayMs: 500 });
    const event = tagPushEvent('fanout/retry');
    await stack.appendEvents([event]);

    for (const [i, receiver] of receivers.entries()) {
      const requests = await receiver.waitForRequests(i === 4 ? 2 : 1, 15_000);
      for (const request of requests)
        expect(verifySignature(webhooks[i].secret, request)).toMatchObject({
          type: 'TAG_PUSH',
          contents: { namespace: 'fanout', repository: 'retry' },
        });
    }
    for (const [i, webhook] of webhooks.entries()) {
      const delivery = await settledDelivery(stack, webhook.id, event.id, 'succeeded');
      expect(delivery.attempts).toBe(i === 4 ? 2 : 1);
      expect(new Set(receivers[i].requests.map((r) => r.headers['webhook-id']))).toEqual(
        new Set([delivery.webhookMessageID]),
      );
      if (i === 4) expect(delivery.attemptLog.map((a) => a.responseStatus)).toEqual([500, 200]);
      // The log shows what this receiver got first, whether its row names the body or holds it.
      expect(delivery.attemptLog[0].requestBody).toBe(receivers[i].requests[0].body);
    }
    // The five first attempts sent one body. Rows written together name it, stored once (a batch
    // job's rows always meet in a write here; the log writer's group commit may split the jobs);
    // the retried delivery's row took its text back.
    const rows = await queryDatabase(
      stack,
      `SELECT d.attempts, encode(d.first_request_body_id, 'hex') AS named, b.body AS shared
         FROM deliveries d LEFT JOIN delivery_request_bodies b ON b.id = d.first_request_body_id
        WHERE d.event_id = $1`,
      [event.id],
    );
    const naming = rows.filter((row) => row.named !== null);
    expect(naming.length).toBeGreaterThanOrEqual(2);
    expect(new Set(naming.map((row) => row.named)).size).toBe(1);
    expect(naming[0].shared).toBe(receivers[0].requests[0].body);
    expect(rows.find((row) => row.attempts === 2)?.named).toBeNull();
    // The first attempt ran in a batch job; nothing arrived twice except the retry.
    expect(stack.logs('worker')).toMatch(
      new RegExp(`"jobId":"${event.id}\\.batch-[0-9a-f]{16}"[^\\n]*delivery attempt failed`),
    );
    expect(receivers.map((receiver) => receiver.count)).toEqual([1, 1, 1, 1, 2]);
  });

  it('delivers events read together, one subscription each, in batch jobs; a failed first attempt is retried as its own job', async () => {
    const [receiver] = receivers;
    const [webhook] = await subscribeAll('batch/events', [receiver.url]);
    const events = Array.from({ length: 3 }, () => tagPushEvent('batch/events'));
    receiver.respondWith({ status: 503, body: 'not yet' });
    // Appended together: the dispatcher reads them in one batch.
    await stack.appendEvents(events);

    const requests = await receiver.waitForRequests(4, 15_000);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    for (const request of requests)
      expect(verifySignature(webhook.secret, request)).toMatchObject({ type: 'TAG_PUSH' });
    const logged = await Promise.all(
      events.map((event) => settledDelivery(stack, webhook.id, event.id, 'succeeded')),
    );
    expect(logged.map((delivery) => delivery.attempts).sort()).toEqual([1, 1, 2]);
    const retried = logged.find((delivery) => delivery.attempts === 2)!;
    expect(retried.attemptLog.map((a) => a.responseStatus)).toEqual([503, 200]);
    expect(stack.logs('worker')).toMatch(
      new RegExp(`"jobId":"${events[0].id}\\.batch-[0-9a-f]{16}"[^\\n]*delivery attempt failed`),
    );
  });

  it('sends one request at a time to a saturated endpoint; the rest of the batch waits as own jobs', async () => {
    const [receiver] = receivers;
    receiver.setDefaultResponse({ status: 200, delayMs: 300 });
    try {
      const webhooks = await subscribeAll('fanout/busy', [receiver.url, receiver.url, receiver.url]);
      const event = tagPushEvent('fanout/busy');
      await stack.appendEvents([event]);

      const requests = await receiver.waitForRequests(3, 15_000);
      // DELIVERY_ENDPOINT_CONCURRENCY=1: each request arrives after the previous one was answered.
      const gaps = requests.slice(1).map((r, i) => r.receivedAt - requests[i].receivedAt);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);
      for (const webhook of webhooks) {
        const delivery = await settledDelivery(stack, webhook.id, event.id, 'succeeded');
        expect(delivery.attempts).toBe(1);
      }
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(3);
    } finally {
      receiver.setDefaultResponse({ status: 200 });
    }
  });

  it('a worker SIGKILLed mid-batch: the next worker delivers the whole batch, with the same webhook-ids', async () => {
    const slow = receivers.slice(0, 3);
    slow.forEach((receiver) => receiver.respondWith({ status: 200, delayMs: 5000 }));
    const webhooks = await subscribeAll(
      'fanout/crash',
      slow.map((receiver) => receiver.url),
    );
    const event = tagPushEvent('fanout/crash');
    await stack.appendEvents([event]);
    await Promise.all(slow.map((receiver) => receiver.waitForRequests(1, 10_000)));
    await stack.stopApp('worker', 'SIGKILL');
    await stack.start('worker');

    for (const [i, receiver] of slow.entries()) {
      const requests = await receiver.waitForRequests(2, 20_000);
      expect(requests[1].headers['webhook-id']).toBe(requests[0].headers['webhook-id']);
      expect(verifySignature(webhooks[i].secret, requests[1])).toMatchObject({ type: 'TAG_PUSH' });
      await settledDelivery(stack, webhooks[i].id, event.id, 'succeeded');
    }
    await eventually(async () => {
      const logged = await Promise.all(webhooks.map((webhook) => deliveriesOf(stack, webhook.id)));
      return logged.every((deliveries) => deliveries.length === 1) ? true : undefined;
    });
  });
});
