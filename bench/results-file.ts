import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ActivityStreamCost } from './activity-stream';
import type { EndToEndResult } from './end-to-end';
import { REPLICA_COUNTS, roundsSummary, type FanOutRounds } from './fan-out';
import type { IngestRates } from './ingest';
import type { OneSubscriptionRuns } from './latency';
import { deliveryLogRows } from './postgres-rows';
import type { Soak } from './soak';
import { REDIS_TOPOLOGY, ROOT, SCALE } from './settings';
import type { SubCeilings } from './sub-ceilings';
import { median, round, roundAll } from './statistics';

// Not results.ts: Node resolves './results' to results.json before any .ts file.

/** Every measurement of a full run, as measured (unrounded). */
export interface Measurements {
  startedAt: number;
  subCeilings: SubCeilings;
  ingest: IngestRates;
  oneSubscription: OneSubscriptionRuns;
  /** The activity stream's recorder off and on, alternated (1 subscription per event, native). */
  activityStream: ActivityStreamCost;
  oneWorker: FanOutRounds;
  twoWorkers: FanOutRounds;
  /** The fan-out through 2 ingest, 2 dispatchers and 3 workers. */
  replicas: FanOutRounds;
  gotClient: EndToEndResult;
  peakRssMb: Record<string, number>;
  soak?: Soak;
}

function commit(): string {
  const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  // The previous run's results.json does not make the tree dirty.
  const dirty = execFileSync(
    'git',
    ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results.json'],
    { cwd: ROOT },
  )
    .toString()
    .trim();
  return dirty ? `${sha}-dirty` : sha;
}

/** bench/results.json: the headline (fan-out, one worker, median round) first, then every measure. */
export function results(measured: Measurements) {
  const { subCeilings, ingest, oneSubscription, oneWorker, twoWorkers, replicas, gotClient } = measured;
  const fanOut = oneWorker.median.result;
  const { max: one, half, native } = oneSubscription;
  const rows = oneSubscription.rowsPerDelivery;
  return {
    commit: commit(),
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      note: 'whole stack, receiver and load generator on this machine; other work may share the CPUs',
    },
    scale: SCALE,
    redis: REDIS_TOPOLOGY,
    headline: 'end to end with 100 subscriptions per event (fan-out), one worker, undici',
    deliveriesPerSecond: round(fanOut.deliveriesPerSecond),
    ceilingPerSecond: round(oneWorker.median.ceilingPerSecond),
    ratio: round(oneWorker.median.ratio, 3),
    cpuRatio: round(median(oneWorker.rounds.map((r) => r.cpuRatio)), 3),
    fanOutRounds: roundsSummary(oneWorker.rounds),
    // The other targets, one number each: 1 subscription per event with native batches of 100
    // (median round, of its own ceilings), accept→receipt p99 at half the 1-subscription max rate,
    // the delivery log's PostgreSQL rows written (inserted + updated) per delivery (all tables,
    // the activity stream's row per event included, in postgresRowsPerDelivery), the largest
    // app's peak RSS.
    oneSubscriptionNativeRatio: round(native.median.ratio, 3),
    halfRateP99Ms: half.p99Ms,
    rowsPerDelivery: deliveryLogRows(rows),
    peakRssMb: Math.max(...Object.values(measured.peakRssMb)),
    p50Ms: half.p50Ms,
    p95Ms: half.p95Ms,
    p99Ms: half.p99Ms,
    ingestPerSecond: round(ingest.envelopesPerSecond),
    ingest: {
      distributionEnvelopesPerSecond: round(ingest.envelopesPerSecond),
      canonicalEventsPerSecond: round(ingest.envelopesPerSecond * 2),
      nativeBatchEventsPerSecond: round(ingest.nativeEventsPerSecond),
    },
    endToEnd: {
      oneSubscription: {
        ...roundAll(one),
        ratio: round(one.deliveriesPerSecond / subCeilings.ceilingPerSecond, 3),
        clientMode: 'undici',
      },
      oneSubscriptionNative: {
        ...roundAll(native.median.result),
        batch: 100,
        ceilingPerSecond: round(native.median.ceilingPerSecond),
        ratio: round(native.median.ratio, 3),
        rounds: roundsSummary(native.rounds),
        cpuMsPerDelivery: native.cpuMsPerDelivery,
      },
      halfRate: roundAll(half),
      fanOut100: roundAll(fanOut),
      fanOut100TwoWorkers: {
        ...roundAll(twoWorkers.median.result),
        ceilingPerSecond: round(twoWorkers.median.ceilingPerSecond),
        ratio: round(twoWorkers.median.ratio, 3),
        rounds: roundsSummary(twoWorkers.rounds),
      },
      fanOut100Replicas: {
        ...roundAll(replicas.median.result),
        processes: REPLICA_COUNTS,
        ceilingPerSecond: round(replicas.median.ceilingPerSecond),
        ratio: round(replicas.median.ratio, 3),
        rounds: roundsSummary(replicas.rounds),
      },
      gotClient: roundAll(gotClient),
      undiciOverGot: round(fanOut.deliveriesPerSecond / gotClient.deliveriesPerSecond, 2),
    },
    subCeilings: {
      ceilingPerSecond: round(subCeilings.ceilingPerSecond),
      gotPerSecond: round(subCeilings.gotPerSecond),
      bullmqNoOpPerSecond: round(subCeilings.bullmqNoOpPerSecond),
    },
    peakRssMbByApp: measured.peakRssMb,
    fanOutCpuMsPerDelivery: oneWorker.cpuMsPerDelivery,
    postgresRowsPerDelivery: rows,
    activityStream: measured.activityStream,
    ...(measured.soak ? { soak: measured.soak } : {}),
    durationSeconds: round((Date.now() - measured.startedAt) / 1000),
  };
}

export type Results = ReturnType<typeof results>;

export function writeResults(written: Results): void {
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(written, null, 2)}\n`);
}
