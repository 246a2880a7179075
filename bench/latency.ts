import type { Bench } from './context';
import { benchProcesses, withCpuPer } from './cpu-time';
import { subscribe, type EndToEndResult } from './end-to-end';
import { withRowsPer, type RowsPerUnit } from './postgres-rows';
import { profilePhase } from './profiling';
import { SCALE, scaled } from './settings';
import { roundAll } from './statistics';

/** Events of the max-rate run, at full scale. */
const MAX_RATE_EVENTS = 3_000;

export interface OneSubscriptionRuns {
  /** As fast as ingest takes events. */
  max: EndToEndResult;
  /** Paced at half the max rate: the latency an install sees below saturation. */
  half: EndToEndResult;
  /** PostgreSQL rows written per delivery in the max-rate run. */
  rowsPerDelivery: RowsPerUnit;
}

/** 1 subscription per event: accept→receipt latency at the max rate, then at half of it (~10 s). */
export async function measureLatency(bench: Bench): Promise<OneSubscriptionRuns> {
  const { stack, receiver, endToEnd, log } = bench;
  log('end to end: 1 subscription per event, max rate');
  await subscribe(stack, receiver.url, 1);
  await endToEnd.warmUp(1);
  const events = scaled(MAX_RATE_EVENTS);
  const [max, rowsPerDelivery] = await withRowsPer(stack.database.url, events, () => endToEnd.run(events, 1));
  log('end to end: 1 subscription per event, half the max rate');
  const half = await endToEnd.run(
    Math.max(10, Math.round((max.deliveriesPerSecond / 2) * 10 * Math.min(1, SCALE * 2))),
    1,
    max.deliveriesPerSecond / 2,
  );
  return { max, half, rowsPerDelivery };
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
