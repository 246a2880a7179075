import { ACTIVITY_GROUP, eventStreamKey, streamGroupField } from '@hookyard/queue';
import type { Bench } from './context';
import { benchProcesses, cpuMsPer, cpuSnapshot, type CpuSnapshot } from './cpu-time';
import { sleep } from './concurrency';
import { NATIVE_BATCH, subscribe } from './end-to-end';
import { peakRssMb } from './memory';
import { scaled } from './settings';
import { median, round } from './statistics';

/** Events of each run, at full scale (native batches of 100, 1 subscription each): a few seconds. */
const EVENTS = 20_000;
/**
 * How long after its last delivery a run's CPU is still counted, either side: the recorder reads a
 * second apart, so its last batch is recorded within it; the other processes idle as long on both.
 */
const SETTLE_MS = 1_500;
/** Off/on pairs in the full run; BENCH_QUICK=activity runs more. */
export const ACTIVITY_PAIRS = 3;
export const QUICK_ACTIVITY_PAIRS = 6;

/** The processes that record: PostgreSQL, the dispatcher, Redis (each master of a cluster). */
const RECORDING_PROCESSES = /^(postgres|dispatcher|redis(-\d+)?)$/;

interface Side {
  deliveriesPerSecond: number;
  /** CPU ms per delivery by process, and their total. */
  cpuMsPerDelivery: Record<string, number>;
  /** The dispatcher's peak RSS: it is started afresh for each run. */
  dispatcherPeakRssMb: number;
}

export interface ActivityPair {
  off: Side;
  on: Side;
  /** on / off of the deliveries/s. */
  throughputRatio: number;
  /** on / off of the CPU per delivery, every process. */
  cpuRatio: number;
}

/** The activity stream's cost: the same runs with the recorder off and on, alternated. */
export interface ActivityStreamCost {
  pairs: ActivityPair[];
  /** Every "on" run's CPU over every "on" run's deliveries, by process. */
  cpuMsPerDeliveryOn: Record<string, number>;
  cpuMsPerDeliveryOff: Record<string, number>;
  /** cpuMsPerDeliveryOn.total / cpuMsPerDeliveryOff.total − 1: what recording adds. */
  costShare: number;
  /**
   * The recording's own processes' CPU per delivery on − off (PostgreSQL, the dispatcher, Redis),
   * over the total off: the same share without the other processes' noise (the machine's speed
   * moves theirs too).
   */
  recordingCostShare: number;
  /** The median pair's share (cpuRatio − 1), less moved by one slow phase of the machine. */
  medianPairCostShare: number;
  medianThroughputRatio: number;
}

/**
 * 1 subscription per event, native batches of 100, with the activity stream's recorder off and
 * on, in `pairs` pairs (off then on, then on then off, so a drift of the machine's speed weighs
 * on both sides). Each run starts the dispatcher afresh, with EVENT_LOG_RETENTION=0 (off: it reads
 * and delivers every event as usual and connects no activity consumer group, as an install with
 * the stream off) or with the stack's settings (on); the events appended while it was off are
 * skipped (the group's cursor set to the stream's end), so an "on" run records its own events
 * only, and its CPU is counted until the group read and acknowledged every one of them (and at
 * least SETTLE_MS after the last delivery, as an "off" run's). `warmUp`: one unmeasured run first
 * (on a fresh stack the first run costs more). Leaves the dispatcher running with the stack's
 * settings.
 */
export async function measureActivityStream(
  bench: Bench,
  pairs: number,
  warmUp = false,
): Promise<ActivityStreamCost> {
  const processes = await benchProcesses(bench);
  const events = scaled(EVENTS);
  const run = async (on: boolean): Promise<Side> => {
    await restartDispatcher(bench, on);
    bench.log(
      `activity stream ${on ? 'on' : 'off'}: 1 subscription per event, native batches of ${NATIVE_BATCH}`,
    );
    const before = cpuSnapshot(processes());
    const result = await bench.endToEnd.run(events, 1, undefined, { nativeBatch: NATIVE_BATCH });
    await sleep(SETTLE_MS);
    if (on) await recorded(bench);
    const after = cpuSnapshot(processes());
    return {
      deliveriesPerSecond: round(result.deliveriesPerSecond),
      cpuMsPerDelivery: cpuMsPer(before, after, events),
      dispatcherPeakRssMb: peakRssMb(bench.stack.pid('dispatcher')),
    };
  };
  // Unmeasured: the stack's first run of this load pays for its warm-up (JIT, caches).
  if (warmUp) await run(true);
  const measured: ActivityPair[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const first = await run(pair % 2 === 1);
    const second = await run(pair % 2 === 0);
    const [off, on] = pair % 2 === 1 ? [second, first] : [first, second];
    measured.push({
      off,
      on,
      throughputRatio: round(on.deliveriesPerSecond / off.deliveriesPerSecond, 3),
      cpuRatio: round(on.cpuMsPerDelivery.total / off.cpuMsPerDelivery.total, 3),
    });
  }
  // An even number of pairs ends on an "off" run.
  if (pairs % 2 === 0) await restartDispatcher(bench, true);
  const cpuMsPerDeliveryOn = meanCpu(measured.map((p) => p.on.cpuMsPerDelivery));
  const cpuMsPerDeliveryOff = meanCpu(measured.map((p) => p.off.cpuMsPerDelivery));
  return {
    pairs: measured,
    cpuMsPerDeliveryOn,
    cpuMsPerDeliveryOff,
    costShare: round(cpuMsPerDeliveryOn.total / cpuMsPerDeliveryOff.total - 1, 3),
    recordingCostShare: round(
      Object.keys(cpuMsPerDeliveryOn)
        .filter((name) => RECORDING_PROCESSES.test(name))
        .reduce((sum, name) => sum + cpuMsPerDeliveryOn[name] - (cpuMsPerDeliveryOff[name] ?? 0), 0) /
        cpuMsPerDeliveryOff.total,
      3,
    ),
    medianPairCostShare: round(median(measured.map((p) => p.cpuRatio)) - 1, 3),
    medianThroughputRatio: median(measured.map((p) => p.throughputRatio)),
  };
}

/** BENCH_QUICK=activity: only the activity stream's off/on pairs, printed. */
export async function quickActivityStream(bench: Bench): Promise<void> {
  await subscribe(bench.stack, bench.receiver.url, 1);
  await bench.endToEnd.warmUp(1);
  const cost = await measureActivityStream(bench, QUICK_ACTIVITY_PAIRS, true);
  process.stdout.write(`${JSON.stringify(cost, null, 2)}\n`);
}

/**
 * Starts the dispatcher again with the recorder on or off, and waits until it delivers (and, on,
 * until the warm-up's events are recorded, so the run's window holds its own events only).
 */
async function restartDispatcher(bench: Bench, on: boolean): Promise<void> {
  const { stack, endToEnd } = bench;
  await stack.stopApp('dispatcher');
  if (on) await stack.redis.xgroup('SETID', eventStreamKey(stack.env.REDIS_PREFIX), ACTIVITY_GROUP, '$');
  await stack.start('dispatcher', on ? {} : { EVENT_LOG_RETENTION: '0' });
  await endToEnd.warmUp(1);
  if (on) await recorded(bench);
}

/** Waits until the activity group has read and acknowledged every entry of the stream. */
async function recorded({ stack }: Bench): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const groups = (await stack.redis.xinfo('GROUPS', eventStreamKey(stack.env.REDIS_PREFIX))) as unknown[][];
    const group = groups.find((entry) => streamGroupField(entry, 'name') === ACTIVITY_GROUP);
    if (group && streamGroupField(group, 'lag') === 0 && streamGroupField(group, 'pending') === 0) return;
    if (Date.now() > deadline)
      throw new Error(`the activity stream never caught up: ${JSON.stringify(group)}`);
    await sleep(50);
  }
}

/** The mean by process of runs of equal deliveries. */
function meanCpu(runs: CpuSnapshot[]): Record<string, number> {
  const mean: Record<string, number> = {};
  for (const name of Object.keys(runs[0])) {
    mean[name] = round(runs.reduce((sum, cpu) => sum + (cpu[name] ?? 0), 0) / runs.length, 3);
  }
  return mean;
}
