import type { Bench } from './context';
import { benchProcesses, withCpuPer } from './cpu-time';
import { NATIVE_BATCH, subscribe, type EndToEndResult } from './end-to-end';
import { ROUND_RUNS, roundsAgainstCeiling, roundsSummary, type FanOutRounds } from './fan-out';
import { PeakRss } from './memory';
import { withRowsPer, type RowsPerUnit } from './postgres-rows';
import { profilePhase } from './profiling';
import { SCALE, scaled } from './settings';
import { roundAll } from './statistics';

/** Events of the max-rate run, at full scale. */
const MAX_RATE_EVENTS = 3_000;
/**
 * Events of each native-batch round, at full scale: ~3 s of deliveries, as long as a fan-out round
 * (30,000), so that what every run pays once (the pipeline filling, the log's last write, the
 * bench seeing it) weighs as much in both. With 6,000 (~1 s) it was 6-9% of a round.
 */
const NATIVE_EVENTS = 18_000;

export interface OneSubscriptionRuns {
  /** Distribution envelopes (one request per push) as fast as ingest takes them. */
  max: EndToEndResult;
  /** Paced at half the max rate: the latency an install sees below saturation. */
  half: EndToEndResult;
  /** Native batches of 100 events, in rounds against their ceilings. */
  native: FanOutRounds;
  /** PostgreSQL rows written per delivery in the max-rate run. */
  rowsPerDelivery: RowsPerUnit;
}

/**
 * 1 subscription per event: native batches in rounds against their ceilings, then Distribution
 * envelopes at the max rate and at half of it (~10 s, accept→receipt latency).
 */
export async function measureLatency(bench: Bench): Promise<OneSubscriptionRuns> {
  const { stack, receiver, endToEnd, log } = bench;
  await subscribe(stack, receiver.url, 1);
  await endToEnd.warmUp(1);
  const native = await nativeRounds(bench);
  log('end to end: 1 subscription per event, Distribution envelopes, max rate');
  const events = scaled(MAX_RATE_EVENTS);
  const [max, rowsPerDelivery] = await withRowsPer(stack.database.url, events, () => endToEnd.run(events, 1));
  log('end to end: 1 subscription per event, half the max rate');
  const half = await endToEnd.run(
    Math.max(10, Math.round((max.deliveriesPerSecond / 2) * 10 * Math.min(1, SCALE * 2))),
    1,
    max.deliveriesPerSecond / 2,
  );
  return { max, half, native, rowsPerDelivery };
}

/** 1 subscription per event, events posted as native batches of 100, in rounds against their ceilings. */
function nativeRounds(bench: Bench): Promise<FanOutRounds> {
  const events = scaled(NATIVE_EVENTS);
  return roundsAgainstCeiling(
    bench,
    'end to end: 1 subscription per event, native batches of 100',
    events,
    () => bench.endToEnd.run(events, 1, undefined, { nativeBatch: NATIVE_BATCH }),
  );
}

/** BENCH_QUICK=native: only the native-batch rounds with 1 subscription per event, printed. */
export async function quickNative(bench: Bench): Promise<void> {
  await subscribe(bench.stack, bench.receiver.url, 1);
  await bench.endToEnd.warmUp(1);
  await profilePhase(bench.stack, ['ingest', 'dispatcher', 'worker']);
  const [{ rounds, cpuMsPerDelivery }, rowsPerDelivery] = await withRowsPer(
    bench.stack.database.url,
    scaled(NATIVE_EVENTS) * ROUND_RUNS,
    () => nativeRounds(bench),
  );
  await profilePhase(bench.stack, ['ingest', 'dispatcher', 'worker']);
  const peakRss = new PeakRss(bench.stack);
  peakRss.note();
  const summary = { rounds: roundsSummary(rounds), cpuMsPerDelivery, rowsPerDelivery, peakRssMb: peakRss.mb };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

/** BENCH_QUICK=latency: the same two runs alone (the half-rate one ~5 s), with CPU per delivery; printed. */
export async function quickLatency(bench: Bench): Promise<void> {
  const { stack, receiver, endToEnd } = bench;
  await subscribe(stack, receiver.url, 1);
  await endToEnd.warmUp(1);
  const processes = await benchProcesses(bench);
  const events = scaled(MAX_RATE_EVENTS);
  const [max, maxCpuMsPerDelivery] = await withCpuPer(processes, events, () => endToEnd.run(events, 1));
  await profilePhase(stack, ['ingest', 'dispatcher', 'worker']);
  const halfCount = Math.round(max.deliveriesPerSecond * 5);
  const [half, halfCpuMsPerDelivery] = await withCpuPer(processes, halfCount, () =>
    endToEnd.run(halfCount, 1, max.deliveriesPerSecond / 2),
  );
  const summary = {
    max: roundAll(max),
    half: roundAll(half),
    maxCpuMsPerDelivery,
    halfCpuMsPerDelivery,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  await profilePhase(stack, ['ingest', 'dispatcher', 'worker']);
}
