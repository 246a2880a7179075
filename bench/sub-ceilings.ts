import { DELIVERIES_QUEUE } from '@hookyard/queue';
import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { CEILING_REQUESTS, SAMPLE_BODY, SAMPLE_HEADERS, undiciCeiling } from './ceiling';
import { pool } from './concurrency';
import { REDIS_URL, scaled } from './settings';

/** `got` alone: the same keep-alive POSTs as the ceiling, 64 at a time; requests/s. */
async function gotCeiling(url: string, count: number): Promise<number> {
  const { default: got } = await import('got');
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const started = performance.now();
  await pool(count, 64, async () => {
    await got.post(url, {
      headers: SAMPLE_HEADERS,
      body: SAMPLE_BODY,
      agent: { http: agent },
      retry: { limit: 0 },
    });
  });
  const rate = count / ((performance.now() - started) / 1000);
  agent.destroy();
  return rate;
}

/** BullMQ alone: addBulk in batches while a no-op worker (concurrency 64) drains the queue; jobs/s. */
async function bullmqAlone(redisUrl: string, count: number): Promise<number> {
  const prefix = `hybench-${randomBytes(4).toString('hex')}`;
  const url = new URL(redisUrl);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const queue = new Queue(DELIVERIES_QUEUE, { connection, prefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Worker(
    DELIVERIES_QUEUE,
    async () => {
      if (++done === count) finished();
    },
    { connection, prefix, concurrency: 64 },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
      name: 'TAG_PUSH',
      data: { event: { id: `e${i + j}` }, subscriptionId: 's' },
      opts: { jobId: `e${i + j}.s`, removeOnComplete: true },
    }));
    await queue.addBulk(batch);
  }
  await allDone;
  const rate = count / ((performance.now() - started) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

export interface SubCeilings {
  /** The ceiling at the start, which the sub-ceilings and the 1-subscription run are compared with. */
  ceilingPerSecond: number;
  gotPerSecond: number;
  bullmqNoOpPerSecond: number;
}

/** The ceiling at the start, then what `got` and BullMQ reach alone, before the stack gets any load. */
export async function measureSubCeilings(
  receiverUrl: string,
  log: (message: string) => void,
): Promise<SubCeilings> {
  log('ceiling: undici.request, 64 connections');
  const ceilingPerSecond = await undiciCeiling(receiverUrl, scaled(CEILING_REQUESTS));
  log('sub-ceiling: got');
  const gotPerSecond = await gotCeiling(receiverUrl, scaled(4_000));
  log('sub-ceiling: BullMQ addBulk + no-op worker');
  const bullmqNoOpPerSecond = await bullmqAlone(REDIS_URL, scaled(20_000));
  return { ceilingPerSecond, gotPerSecond, bullmqNoOpPerSecond };
}
