import { EXAMPLE_CONTENTS } from '@hookyard/events';
import { randomBytes } from 'node:crypto';
import { pool } from './concurrency';
import type { Load } from './load';
import { scaled } from './settings';

/** Envelopes as fast as ingest takes them (no subscriber); envelopes/s. */
async function distributionEnvelopes(load: Load, count: number): Promise<number> {
  const started = performance.now();
  await pool(count, 32, async (i) => void (await load.send(`n${i}`)));
  return count / ((performance.now() - started) / 1000);
}

/** Native `POST /events` batches of `batchSize` SCAN_COMPLETED events (no subscriber); events/s. */
async function nativeBatches(load: Load, batches: number, batchSize: number): Promise<number> {
  const run = randomBytes(3).toString('hex');
  const started = performance.now();
  await pool(batches, 16, async (b) => {
    const events = Array.from({ length: batchSize }, (_, i) => ({
      id: `native-${run}-${b}-${i}`,
      type: 'SCAN_COMPLETED',
      contents: EXAMPLE_CONTENTS.SCAN_COMPLETED,
    }));
    await load.post('/events', 'application/json', JSON.stringify({ events }));
  });
  return (batches * batchSize) / ((performance.now() - started) / 1000);
}

export interface IngestRates {
  /** Distribution envelopes/s, each a tag push (TAG_PUSH + MANIFEST_PUSH). */
  envelopesPerSecond: number;
  /** Canonical events/s posted natively in batches of 100. */
  nativeEventsPerSecond: number;
}

/** What ingest takes with nobody subscribed: registry envelopes, then native batches. */
export async function measureIngest(load: Load, log: (message: string) => void): Promise<IngestRates> {
  log('ingest: Distribution envelopes, no subscriber');
  const envelopesPerSecond = await distributionEnvelopes(load, scaled(3_000));
  log('ingest: native POST /events batches of 100, no subscriber');
  const nativeEventsPerSecond = await nativeBatches(load, scaled(100), 100);
  return { envelopesPerSecond, nativeEventsPerSecond };
}
