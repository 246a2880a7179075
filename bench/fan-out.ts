import type { Replica } from '@hookyard/testing';
import type { Bench } from './context';
import { CEILING_REQUESTS, undiciCeiling } from './ceiling';
import { benchProcesses, withCpuPer } from './cpu-time';
import { subscribe, type EndToEndResult } from './end-to-end';
import { PeakRss } from './memory';
import { profilePhase } from './profiling';
import { REDIS_TOPOLOGY, scaled } from './settings';
import { round } from './statistics';

/** Events of each fan-out run, each delivered to 100 subscriptions. */
export const FAN_OUT_EVENTS = 300;
/** Fan-out runs, each after its own ceiling run; the median counts. */
const FAN_OUT_ROUNDS = 3;
/**
 * Rounds run first and not counted: the first round after a start or a new layout paid the apps'
 * JIT warm-up and heap growth (a native round's worker 0.17-0.34 ms per delivery against
 * 0.08-0.18 warm), and the ceiling client's too. Rounds of every measurement count warm.
 */
export const WARM_UP_ROUNDS = 1;

/**
 * One fan-out run and the ceiling run before it. `cpuRatio`: CPU per raw POST in the ceiling run
 * (client and receiver) over CPU per delivery (every process): unlike rates, it hardly moves when
 * other work shares the machine.
 */
export interface FanOutRound {
  ceilingPerSecond: number;
  result: EndToEndResult;
  ratio: number;
  cpuRatio: number;
}

export interface FanOutRounds {
  median: FanOutRound;
  rounds: FanOutRound[];
  /** CPU ms per delivery by process, in the median round. */
  cpuMsPerDelivery: Record<string, number>;
}

/**
 * The machine is shared, so the ceiling moves between runs: each fan-out round is compared with
 * a ceiling measured just before it, and the median round counts.
 */
export function fanOutRounds(
  bench: Bench,
  label: string,
  replicas: Record<string, Replica> = {},
): Promise<FanOutRounds> {
  return roundsAgainstCeiling(
    bench,
    label,
    scaled(FAN_OUT_EVENTS) * 100,
    () => bench.endToEnd.run(scaled(FAN_OUT_EVENTS), 100),
    replicas,
  );
}

/**
 * Rounds of an end-to-end run of `deliveries` deliveries, each right after a ceiling run of its
 * own, after WARM_UP_ROUNDS of both; the median round (by ratio) counts.
 */
export async function roundsAgainstCeiling(
  bench: Bench,
  label: string,
  deliveries: number,
  run: () => Promise<EndToEndResult>,
  replicas: Record<string, Replica> = {},
): Promise<FanOutRounds> {
  const { log, receiver } = bench;
  const replicaPids = Object.fromEntries(
    Object.entries(replicas).map(([name, replica]) => [name, replica.pid]),
  );
  const processes = await benchProcesses(bench, replicaPids);
  for (let round = 1; round <= WARM_UP_ROUNDS; round++) {
    log(`${label}, warm-up round ${round} (not counted): ceiling, then the run`);
    await undiciCeiling(receiver.url, scaled(CEILING_REQUESTS));
    await run();
  }
  const rounds: FanOutRound[] = [];
  const cpu: Array<Record<string, number>> = [];
  for (let round = 1; round <= FAN_OUT_ROUNDS; round++) {
    log(`${label}, round ${round}: ceiling, then the run`);
    const [ceilingPerSecond, ceilingCpu] = await withCpuPer(processes, scaled(CEILING_REQUESTS), () =>
      undiciCeiling(receiver.url, scaled(CEILING_REQUESTS)),
    );
    log(`ceiling ${Math.round(ceilingPerSecond)}/s; CPU ms per request: ${JSON.stringify(ceilingCpu)}`);
    const [result, deliveryCpu] = await withCpuPer(processes, deliveries, run);
    log(
      `run ${Math.round(result.deliveriesPerSecond)}/s; CPU ms per delivery: ${JSON.stringify(deliveryCpu)}`,
    );
    cpu.push(deliveryCpu);
    rounds.push({
      ceilingPerSecond,
      result,
      ratio: result.deliveriesPerSecond / ceilingPerSecond,
      cpuRatio: ceilingCpu.total / deliveryCpu.total,
    });
  }
  const byRatio = [...rounds].sort((a, b) => a.ratio - b.ratio);
  const middle = byRatio[Math.floor(byRatio.length / 2)];
  return { median: middle, rounds, cpuMsPerDelivery: cpu[rounds.indexOf(middle)] };
}

/** Runs of `roundsAgainstCeiling`, warm-up included (for counts over all of them). */
export const ROUND_RUNS = WARM_UP_ROUNDS + FAN_OUT_ROUNDS;

export function roundsSummary(rounds: FanOutRound[]) {
  return rounds.map(({ ceilingPerSecond, result, ratio, cpuRatio }) => ({
    ceilingPerSecond: round(ceilingPerSecond),
    deliveriesPerSecond: round(result.deliveriesPerSecond),
    ratio: round(ratio, 3),
    cpuRatio: round(cpuRatio, 3),
  }));
}

/** 100 subscriptions per event with one worker (the headline), profiled as a phase of its own. */
export async function measureFanOut(bench: Bench, peakRss: PeakRss): Promise<FanOutRounds> {
  const { stack, receiver, endToEnd, log } = bench;
  log('end to end: 100 subscriptions per event (fan-out)');
  await subscribe(stack, receiver.url, 99);
  await endToEnd.warmUp(100);
  await profilePhase(stack, ['dispatcher', 'worker']);
  const oneWorker = await fanOutRounds(bench, 'end to end: 100 subscriptions per event');
  peakRss.note();
  await profilePhase(stack, ['dispatcher', 'worker']);
  return oneWorker;
}

/** The same fan-out with a second worker: workers scale out (k8s/), and on 2 cores one leaves CPU idle. */
export async function measureTwoWorkers(bench: Bench): Promise<FanOutRounds> {
  const secondWorker = await bench.stack.startReplica('worker');
  await bench.endToEnd.warmUp(100);
  const twoWorkers = await fanOutRounds(bench, 'end to end: 100 subscriptions per event, two workers', {
    'worker-2': secondWorker,
  });
  await secondWorker.stop();
  return twoWorkers;
}

/** How many processes of each app the replicas measurement runs. */
export const REPLICA_COUNTS = { ingest: 2, dispatcher: 2, worker: 3 } as const;

/**
 * The fan-out scaled out on this one machine: 2 ingest (the load alternates between them),
 * 2 dispatchers (one stream consumer group) and 3 workers.
 */
export async function measureReplicas(bench: Bench): Promise<FanOutRounds> {
  const { stack, load, endToEnd } = bench;
  const started = await Promise.all([
    stack.startReplica('ingest'),
    stack.startReplica('dispatcher'),
    stack.startReplica('worker'),
    stack.startReplica('worker'),
  ]);
  const [ingest, dispatcher, ...workers] = started;
  const stopSpreading = load.spreadOver([ingest.url]);
  try {
    await endToEnd.warmUp(100);
    return await fanOutRounds(
      bench,
      'end to end: 100 subscriptions per event, 2 ingest, 2 dispatchers, 3 workers',
      {
        'ingest-2': ingest,
        'dispatcher-2': dispatcher,
        'worker-2': workers[0],
        'worker-3': workers[1],
      },
    );
  } finally {
    await stopSpreading();
    await Promise.all(started.map((replica) => replica.stop()));
  }
}

/** The fan-out with DELIVERY_CLIENT=got: the client comparison runs where delivery, not ingest, bounds the rate. */
export async function measureGotClient(bench: Bench): Promise<EndToEndResult> {
  bench.log('end to end: 100 subscriptions per event, DELIVERY_CLIENT=got');
  await bench.stack.stopApp('worker');
  await bench.stack.start('worker', { DELIVERY_CLIENT: 'got' });
  await bench.endToEnd.warmUp(100);
  return bench.endToEnd.run(scaled(FAN_OUT_EVENTS), 100);
}

/** BENCH_QUICK=1: only the one-worker fan-out rounds, printed; `replicas`: through 2/2/3 processes. */
export async function quickFanOut(bench: Bench, replicas = false): Promise<void> {
  await subscribe(bench.stack, bench.receiver.url, 100);
  await bench.endToEnd.warmUp(100);
  await profilePhase(bench.stack, ['dispatcher', 'worker']);
  const { rounds, cpuMsPerDelivery } = replicas
    ? await measureReplicas(bench)
    : await fanOutRounds(bench, 'fan-out');
  await profilePhase(bench.stack, ['dispatcher', 'worker']);
  const peakRss = new PeakRss(bench.stack);
  peakRss.note();
  const summary = {
    redis: REDIS_TOPOLOGY,
    ...(replicas ? { processes: REPLICA_COUNTS } : {}),
    rounds: roundsSummary(rounds),
    cpuMsPerDelivery,
    peakRssMb: peakRss.mb,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
