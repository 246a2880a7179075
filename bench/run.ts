import {
  ALL_APPS,
  buildOciImage,
  manifestDigest,
  RunningRegistry,
  skopeoCopy,
  Stack,
  startRegistry,
  startStack,
} from '@hookyard/testing';
import { execFileSync } from 'node:child_process';
import { ACTIVITY_PAIRS, measureActivityStream, quickActivityStream } from './activity-stream';
import type { Bench } from './context';
import { EndToEnd } from './end-to-end';
import { measureFanOut, measureGotClient, measureReplicas, measureTwoWorkers, quickFanOut } from './fan-out';
import { measureIngest } from './ingest';
import { measureLatency, quickLatency, quickNative } from './latency';
import { quickOrdered } from './ordered';
import { listingsTable, measureListingsScale } from './listings';
import { Load } from './load';
import { PeakRss } from './memory';
import { startBenchPostgres, type BenchPostgres } from './postgres-server';
import { prepareProfiling, printProfileSummary, profilePhase, profileSummary } from './profiling';
import { startReceiverProcess } from './receiver-client';
import { results, writeResults } from './results-file';
import {
  PROFILE_DIR,
  QUICK,
  REDIS_TOPOLOGY,
  ROOT,
  SCALE_LISTINGS,
  SOAK_SECONDS,
  STACK_ENV,
} from './settings';
import { printSoak, soak } from './soak';
import { measureSubCeilings } from './sub-ceilings';
import { table } from './table';

/**
 * `npm run bench`: the real stack on this machine against a local receiver, bounded to a few
 * minutes, loopback only. Prints a table and writes bench/results.json; the flags and what each
 * measure means are in bench/README.md.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const log = (message: string) =>
    process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${message}\n`);
  if (SCALE_LISTINGS) {
    process.stdout.write(`${listingsTable(await measureListingsScale(log))}\n`);
    return;
  }
  const profilingEnv = prepareProfiling();
  const receiver = await startReceiverProcess();
  let postgres: BenchPostgres | undefined;
  let registry: RunningRegistry | undefined;
  let stack: Stack | undefined;
  let bench: Bench | undefined;
  try {
    // The apps run as in production: the JavaScript of `npm run build` (its apps' part; the web
    // console's static files play no part here), not TypeScript compiled at start.
    log('npm run build:apps');
    execFileSync('npm', ['run', 'build:apps'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    log("the bench's own PostgreSQL");
    postgres = await startBenchPostgres();
    log('registry with one image (ingest reads it once, then from its cache)');
    registry = await startRegistry();
    const layout = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    await skopeoCopy(layout, `${registry.host}/bench/app:1.0`);
    stack = await startStack({
      env: {
        WORKER_CONCURRENCY: '128',
        // Every delivery goes to the one local receiver: the per-endpoint cap would measure itself.
        DELIVERY_ENDPOINT_CONCURRENCY: '100000',
        // No retries within the run: a failure shows up as a missing delivery.
        DELIVERY_RETRY_SCHEDULE: '1h',
        REGISTRY_URL: registry.url,
        ...profilingEnv,
        ...STACK_ENV,
      },
      redis: REDIS_TOPOLOGY,
      postgres: 'direct',
      postgresServer: postgres.url,
      code: 'build',
    });
    const load = new Load(stack, registry, manifestDigest(layout));
    bench = { stack, postgres, receiver, load, endToEnd: new EndToEnd(stack, load, receiver), log };
    await bench.endToEnd.open();
    if (QUICK) {
      if (QUICK === 'latency') await quickLatency(bench);
      else if (QUICK === 'native') await quickNative(bench);
      else if (QUICK === 'ordered') await quickOrdered(bench);
      else if (QUICK === 'activity') await quickActivityStream(bench);
      else await quickFanOut(bench, QUICK === 'replicas');
      if (PROFILE_DIR) printProfileSummary(profileSummary());
    } else {
      await fullRun(bench, startedAt);
    }
  } catch (error) {
    for (const app of ALL_APPS) log(`${app} log tail:\n${stack?.logs(app).split('\n').slice(-8).join('\n')}`);
    throw error;
  } finally {
    await bench?.endToEnd.close();
    await bench?.load.close();
    await stack?.stop();
    await registry?.stop();
    await postgres?.stop();
    receiver.close();
  }
}

/** Every measurement in turn, then bench/results.json and the table. */
async function fullRun(bench: Bench, startedAt: number): Promise<void> {
  const subCeilings = await measureSubCeilings(bench.receiver.url, bench.log);
  const ingest = await measureIngest(bench.load, bench.log);
  const oneSubscription = await measureLatency(bench);
  const peakRss = new PeakRss(bench.stack);
  peakRss.note();
  // Restarts the dispatcher for each of its runs: its peak before is noted above.
  const activityStream = await measureActivityStream(bench, ACTIVITY_PAIRS);
  peakRss.note();
  const oneWorker = await measureFanOut(bench, peakRss);
  const twoWorkers = await measureTwoWorkers(bench);
  const replicas = await measureReplicas(bench);
  const gotClient = await measureGotClient(bench);
  peakRss.note();
  const soaked =
    SOAK_SECONDS > 0 ? await soak(bench, oneWorker.median.result.deliveriesPerSecond) : undefined;
  // Profile parts: dispatcher/worker 1 = start to the fan-out, 2 = the fan-out with undici,
  // dispatcher 3 = the rest; the got worker's covers its start and its fan-out; ingest's the run.
  await profilePhase(bench.stack, ['ingest', 'dispatcher', 'worker']);
  const profiles = profileSummary();

  const measured = results({
    startedAt,
    subCeilings,
    ingest,
    oneSubscription,
    activityStream,
    oneWorker,
    twoWorkers,
    replicas,
    gotClient,
    peakRssMb: peakRss.mb,
    soak: soaked,
  });
  writeResults(measured);
  process.stdout.write(`${table(measured)}\n`);
  if (soaked) printSoak(soaked);
  if (profiles.length > 0) printProfileSummary(profiles);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
