import { createWebhook, Stack } from '@hookyard/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { pool, sleep } from './concurrency';
import type { Load } from './load';
import type { ReceiverProcess } from './receiver-client';
import { percentile } from './statistics';

/** Events per native `POST /events` batch, in every run that posts native batches. */
export const NATIVE_BATCH = 100;

// A type, not an interface: roundAll() takes it as a record of numbers.
export type EndToEndResult = {
  deliveriesPerSecond: number;
  /** From the last receipt until the delivery log held every attempt. */
  logLagMs: number;
  offeredPerSecond?: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
};

/** End-to-end runs: events into ingest, deliveries counted at the receiver and in the delivery log. */
export class EndToEnd {
  private readonly database: Client;
  /** The PostgreSQL backend of this client's session, once open: its CPU is the bench's, not the stack's. */
  sessionPid = 0;

  constructor(
    stack: Stack,
    private readonly load: Load,
    private readonly receiver: ReceiverProcess,
  ) {
    this.database = new Client({ connectionString: stack.database.url });
  }

  async open(): Promise<void> {
    await this.database.connect();
    const { rows } = await this.database.query('SELECT pg_backend_pid() AS pid');
    this.sessionPid = (rows[0] as { pid: number }).pid;
  }

  async close(): Promise<void> {
    await this.database.end();
  }

  /**
   * `count` events, as fast as possible or paced at `rate`/s, each delivered `perEvent` times:
   * Distribution envelopes (one request per push), or with `nativeBatch`, native batches of that
   * many events. A run ends when the last delivery arrived and every attempt is in the delivery
   * log, so deliveries/s include logging. Returns that rate and accept→receipt latencies.
   */
  async run(
    count: number,
    perEvent: number,
    rate?: number,
    { nativeBatch }: { nativeBatch?: number } = {},
  ): Promise<EndToEndResult> {
    await this.settled();
    const since = new Date();
    await this.receiver.reset();
    const run = randomBytes(3).toString('hex');
    const accepted = new Map<string, number>();
    const started = Date.now();
    const tag = (i: number) => `b${run}x${i}`;
    if (nativeBatch) {
      await pool(Math.ceil(count / nativeBatch), 8, async (batch) => {
        const tags = Array.from({ length: Math.min(nativeBatch, count - batch * nativeBatch) }, (_, i) =>
          tag(batch * nativeBatch + i),
        );
        const at = await this.load.sendNative(tags);
        for (const sent of tags) accepted.set(sent, at);
      });
    } else
      await pool(count, rate ? 64 : 32, async (i) => {
        if (rate) {
          const due = started + (i * 1000) / rate;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        accepted.set(tag(i), await this.load.send(tag(i)));
      });
    const expected = count * perEvent;
    const deadline = Date.now() + 180_000;
    const stats = await this.receiver.waitFor(expected, deadline - Date.now());
    if (!stats) throw new Error(`only ${(await this.receiver.stats()).count}/${expected} deliveries arrived`);
    let loggedAt: number;
    for (;;) {
      const logged = await this.attemptsLoggedSince(since);
      loggedAt = Date.now();
      if (logged >= expected) break;
      if (loggedAt > deadline) throw new Error('the delivery log never caught up');
      await sleep(20);
    }
    const endedAt = Math.max(stats.lastAt, loggedAt);
    const latencies = stats.receipts
      .filter(([tag]) => accepted.has(tag))
      .map(([tag, at]) => at - accepted.get(tag)!)
      .sort((a, b) => a - b);
    return {
      deliveriesPerSecond: stats.count / ((endedAt - started) / 1000),
      logLagMs: endedAt - stats.lastAt,
      offeredPerSecond: rate,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
    };
  }

  /** Sends one event and waits until it reached `subscribers` subscriptions (the index is loaded). */
  async warmUp(subscribers: number): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      await this.receiver.reset();
      await this.load.send(`w${attempt}`);
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        if ((await this.receiver.stats()).count >= subscribers) return;
        await sleep(50);
      }
    }
    throw new Error(`warm-up event never reached ${subscribers} subscriptions`);
  }

  /**
   * Attempts logged since `since`: first attempts are in their delivery's row (read through the
   * `updated_at` index, so only this run's rows), later ones in `delivery_attempts`.
   */
  private async attemptsLoggedSince(since: Date): Promise<number> {
    const { rows } = await this.database.query(
      `SELECT (SELECT count(*) FROM deliveries WHERE updated_at >= $1 AND first_attempt_at >= $1)
            + (SELECT count(*) FROM delivery_attempts WHERE created_at >= $1) AS n`,
      [since],
    );
    return Number((rows[0] as { n: string }).n);
  }

  /** Waits until the delivery log stops changing (the previous run's rows are all written). */
  private async settled(): Promise<void> {
    let previous = '';
    for (;;) {
      const { rows } = await this.database.query('SELECT max(updated_at)::text AS last FROM deliveries');
      const current = String((rows[0] as { last: string | null }).last);
      if (current === previous) return;
      previous = current;
      await sleep(100);
    }
  }
}

/** `count` more TAG_PUSH webhooks on bench/app, all to the bench's receiver. */
export async function subscribe(stack: Stack, endpoint: string, count: number): Promise<void> {
  await pool(count, 8, async () => void (await createWebhook(stack, { key: 'bench/app', endpoint })));
}
