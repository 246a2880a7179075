import {
  createWebhook,
  DISTRIBUTION_FIXTURES_DIR,
  Receiver,
  Stack,
  startReceiver,
  startStack,
} from '@hookyard/testing';
import { readFileSync } from 'node:fs';

const FIXTURES = DISTRIBUTION_FIXTURES_DIR;
/** Delete with tag: one TAG_DELETE, no registry read needed. */
const tagDelete = JSON.parse(readFileSync(`${FIXTURES}/envelope-8.json`, 'utf8')) as {
  contentType: string;
  body: unknown;
};

/** The value of one sample in a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => present.includes(`${key}="${value}"`)))
      return Number(match[3]);
  }
  return undefined;
}

describe('metrics and correlated logs (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'debug' } });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const metrics = async (app: 'ingest' | 'dispatcher' | 'worker' | 'gateway') => {
    const response = await fetch(`${stack.url(app)}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const ingest = () =>
    fetch(`${stack.url('ingest')}/events/distribution`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': tagDelete.contentType },
      body: JSON.stringify(tagDelete.body),
    });

  it('counts the event, the delivery and its latency, and shows an empty backlog', async () => {
    const { id: subscriptionId } = await createWebhook(stack, {
      type: 'TAG_DELETE',
      key: 'acme/api',
      endpoint: receiver.url,
    });

    expect((await ingest()).status).toBe(202);
    await receiver.waitForRequests(1, 30_000);
    // The same envelope again is a duplicate: accepted, not emitted, not counted.
    expect((await ingest()).status).toBe(202);

    const ingested = await metrics('ingest');
    expect(
      sample(ingested, 'hookyard_events_ingested_total', { type: 'TAG_DELETE', source: 'distribution' }),
    ).toBe(1);

    // The worker records the outcome right after the receiver answered: poll for it.
    let worker = '';
    for (let tries = 0; tries < 50; tries++) {
      worker = await metrics('worker');
      if (sample(worker, 'hookyard_deliveries_total', { outcome: 'delivered' }) === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(worker, 'hookyard_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(worker, 'hookyard_delivery_latency_seconds_count')).toBe(1);
    expect(sample(worker, 'hookyard_delivery_latency_seconds_sum')).toBeGreaterThan(0);
    expect(sample(worker, 'hookyard_delivery_request_duration_seconds_count', { outcome: 'delivered' })).toBe(
      1,
    );
    expect(sample(worker, 'process_resident_memory_bytes', { app: 'worker' })).toBeGreaterThan(0);

    const dispatcher = await metrics('dispatcher');
    expect(sample(dispatcher, 'hookyard_event_stream_length')).toBe(1);
    expect(sample(dispatcher, 'hookyard_event_stream_lag', { group: 'dispatchers' })).toBe(0);
    expect(sample(dispatcher, 'hookyard_event_stream_pending', { group: 'dispatchers' })).toBe(0);
    expect(sample(dispatcher, 'hookyard_delivery_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(dispatcher, 'hookyard_delivery_jobs', { state: 'failed' })).toBe(0);

    // The worker's log line for the delivery carries the ids that tie it to the event.
    const [request] = receiver.requests;
    const eventId = JSON.parse(
      (await stack.redis.xrange(`${stack.env.REDIS_PREFIX}:events`, '-', '+'))[0][1][1],
    ).id as string;
    expect(request.headers['webhook-id']).toBeDefined();
    const delivered = stack
      .logs('worker')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.msg === 'delivered');
    expect(delivered).toMatchObject({
      eventId,
      subscriptionId,
      jobId: `${eventId}.${subscriptionId}`,
      deliveryId: expect.any(String),
      status: 200,
      attempt: 1,
    });
  });

  it('counts a failed attempt by outcome', async () => {
    receiver.respondWith({ status: 500 }, { status: 200 });
    const envelope = structuredClone(tagDelete.body) as { events: Array<{ id: string }> };
    envelope.events[0].id = 'second-delete-event';
    const response = await fetch(`${stack.url('ingest')}/events/distribution`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': tagDelete.contentType },
      body: JSON.stringify(envelope),
    });
    expect(response.status).toBe(202);
    await receiver.waitForRequests(3, 30_000);
    let worker = '';
    for (let tries = 0; tries < 50; tries++) {
      worker = await metrics('worker');
      if (sample(worker, 'hookyard_deliveries_total', { outcome: 'delivered' }) === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(worker, 'hookyard_deliveries_total', { outcome: 'failed' })).toBe(1);
    expect(sample(worker, 'hookyard_deliveries_total', { outcome: 'delivered' })).toBe(2);
    const failedLine = stack
      .logs('worker')
      .split('\n')
      .find((line) => line.includes('"msg":"delivery attempt failed"'));
    expect(JSON.parse(failedLine!)).toMatchObject({
      status: 500,
      attempt: 1,
      deliveryId: expect.any(String),
    });
  });
});
