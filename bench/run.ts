import { EXAMPLE_CONTENTS } from '@hookyard/events';
import { DELIVERIES_QUEUE } from '@hookyard/queue';
import {
  buildOciImage,
  manifestDigest,
  RunningRegistry,
  skopeoCopy,
  Stack,
  startRegistry,
  startStack,
  DISTRIBUTION_FIXTURES_DIR,
} from '@hookyard/testing';
import { ALL_APPS, type AppName } from '@hookyard/testing';
import { Queue, Worker } from 'bullmq';
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Agent, Pool, request } from 'undici';
import { summarizeProfiles } from './cpu-profile-summary';
import { cpuMsPer, cpuSnapshot } from './cpu-time';
import type { ReceiverCommand, ReceiverStats } from './receiver-process';

/**
 * `npm run bench`: the real stack on this machine against a local receiver, bounded to a few
 * minutes, loopback only. Prints a table and writes bench/results.json. BENCH_SCALE=0.2 runs a
 * smaller load; BENCH_CPU_PROFILE=1 also profiles ingest, the dispatcher and the worker (see the README).
 */
const ROOT = resolve(__dirname, '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE ? join(ROOT, 'tmp', 'cpu-profiles') : undefined;
/** A real tag-push envelope. */
const FIXTURE = resolve(DISTRIBUTION_FIXTURES_DIR, 'envelope-2.json');
/** BENCH_SOAK_SECONDS=300 adds a soak at half the fan-out rate, sampling each app's RSS. */
/**
 * BENCH_QUICK=latency: only the 1-subscription runs at the max rate and at half of it. Both print and
 * leave results.json alone.
 * BENCH_QUICK=1: only the one-worker fan-out rounds, printed and not written to results.json; for
 * comparing a change on the hot path in under a minute.
 */
const QUICK = process.env.BENCH_QUICK;
/** BENCH_STACK_ENV=DELIVERY_BATCH_SIZE=100,WORKER_CONCURRENCY=64: settings for the stack's apps, to compare. */
const STACK_ENV = Object.fromEntries(
  (process.env.BENCH_STACK_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((setting) => setting.split('=', 2)),
) as Record<string, string>;
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
const n = (count: number) => Math.max(10, Math.round(count * SCALE));
/** Events of the fan-out runs, each delivered to 100 subscriptions. */
const FAN_OUT_EVENTS = 300;
/** Fan-out runs, each after its own ceiling run; the median counts. */
const FAN_OUT_ROUNDS = 3;

// ---------- receiver process ----------

interface ReceiverProcess {
  url: string;
  pid: number | undefined;
  stats(): Promise<ReceiverStats>;
  reset(): Promise<void>;
  close(): void;
}

async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child: ChildProcess = fork(join(__dirname, 'receiver-process.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    cwd: ROOT,
  });
  const port = await new Promise<number>((done, fail) => {
    child.once('message', (message: { port: number }) => done(message.port));
    child.once('exit', (code) => fail(new Error(`receiver exited with ${code}`)));
  });
  let nextId = 0;
  const call = (cmd: ReceiverCommand['cmd']) =>
    new Promise<{ stats?: ReceiverStats }>((done) => {
      const id = ++nextId;
      const listener = (message: { id?: number; stats?: ReceiverStats }) => {
        if (message.id !== id) return;
        child.off('message', listener);
        done(message);
      };
      child.on('message', listener);
      child.send({ cmd, id });
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    pid: child.pid,
    stats: async () => (await call('stats')).stats!,
    reset: async () => void (await call('reset')),
    close: () => child.kill('SIGTERM'),
  };
}

// ---------- helpers ----------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** A rendered delivery of typical size, for the raw client ceilings. */
const SAMPLE_BODY = JSON.stringify({
  type: 'TAG_PUSH',
  createdAt: new Date().toISOString(),
  contents: {
    namespace: 'bench',
    repository: 'app',
    tag: 'ceiling',
    digest: `sha256:${'0'.repeat(64)}`,
    imageName: '127.0.0.1:5000/bench/app:ceiling',
    os: 'linux',
    architecture: 'amd64',
    author: '',
    pushedAt: new Date().toISOString(),
  },
});
const SAMPLE_HEADERS = {
  'content-type': 'application/json',
  'user-agent': 'Hookyard/bench',
  'webhook-id': 'msg_bench',
  'webhook-timestamp': '1700000000',
  'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
};

// ---------- ceilings ----------

/** The raw ceiling: keep-alive POSTs from one process with undici.request over 64 connections. */
async function undiciCeiling(url: string, count: number): Promise<number> {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const started = performance.now();
  await pool(count, 64, async () => {
    const response = await request(url, {
      method: 'POST',
      headers: SAMPLE_HEADERS,
      body: SAMPLE_BODY,
      dispatcher: agent,
    });
    await response.body.dump();
  });
  const rate = count / ((performance.now() - started) / 1000);
  await agent.close();
  return rate;
}

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

/** BullMQ alone: addBulk in batches while a no-op worker (concurrency 64) drains the queue. */
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

// ---------- the stack ----------

interface Envelope {
  events: Array<{ id: string; target: { tag: string; digest: string; url: string; repository: string } }>;
}

type EndToEndResult = {
  deliveriesPerSecond: number;
  /** From the last receipt until the delivery log held every attempt. */
  logLagMs: number;
  offeredPerSecond?: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
};

/** Placeholders in the serialized envelope, replaced per request. */
const EVENT_ID = '%EVENT_ID%';
const TAG = '%TAG%';

class Load {
  /** The envelope serialized once: the load generator shares the machine, so it should cost little. */
  private readonly template: string;
  private readonly ingest: Pool;
  private readonly database: Client;
  private serial = 0;

  constructor(
    private readonly stack: Stack,
    private readonly receiver: ReceiverProcess,
    registry: RunningRegistry,
    digest: string,
  ) {
    const envelope = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { body: Envelope }).body;
    const [event] = envelope.events;
    event.id = EVENT_ID;
    event.target.tag = TAG;
    event.target.repository = 'bench/app';
    event.target.digest = digest;
    event.target.url = `${registry.url}/v2/bench/app/manifests/${digest}`;
    this.template = JSON.stringify(envelope);
    this.ingest = new Pool(stack.url('ingest'), { connections: 32 });
    this.database = new Client({ connectionString: stack.database.url });
  }

  /** POSTs one push envelope with a fresh event id and tag; resolves with the 202's time. */
  async send(tag: string): Promise<number> {
    const id = `bench-${++this.serial}-${randomBytes(6).toString('hex')}`;
    const response = await this.ingest.request({
      path: '/events/distribution',
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.stack.ingestToken}`,
        'content-type': 'application/vnd.docker.distribution.events.v1+json',
      },
      body: this.template.replace(EVENT_ID, id).replace(TAG, tag),
    });
    await response.body.dump();
    if (response.statusCode !== 202) throw new Error(`ingest answered ${response.statusCode}`);
    return Date.now();
  }

  /** Envelopes as fast as ingest takes them (no subscriber); envelopes/s. */
  async ingestOnly(count: number): Promise<number> {
    const started = performance.now();
    await pool(count, 32, async (i) => void (await this.send(`n${i}`)));
    return count / ((performance.now() - started) / 1000);
  }

  /** Native `POST /events` batches of `batchSize` SCAN_COMPLETED events (no subscriber); events/s. */
  async nativeIngestOnly(batches: number, batchSize: number): Promise<number> {
    const run = randomBytes(3).toString('hex');
    const started = performance.now();
    await pool(batches, 16, async (b) => {
      const events = Array.from({ length: batchSize }, (_, i) => ({
        id: `native-${run}-${b}-${i}`,
        type: 'SCAN_COMPLETED',
        contents: EXAMPLE_CONTENTS.SCAN_COMPLETED,
      }));
      const response = await this.ingest.request({
        path: '/events',
        method: 'POST',
        headers: { authorization: `Bearer ${this.stack.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`ingest answered ${response.statusCode}`);
    });
    return (batches * batchSize) / ((performance.now() - started) / 1000);
  }

  /** Attempts in the delivery log so far, once no more are being written. */
  private async loggedAttempts(): Promise<number> {
    let previous = -1;
    for (;;) {
      const { rows } = await this.database.query('SELECT count(*)::int AS n FROM delivery_attempts');
      const current = (rows[0] as { n: number }).n;
      if (current === previous) return current;
      previous = current;
      await sleep(100);
    }
  }

  /**
   * `count` events, as fast as possible or paced at `rate`/s, each delivered `perEvent` times.
   * A run ends when the last delivery arrived and every attempt is in the delivery log, so
   * deliveries/s include logging. Returns that rate and accept→receipt latencies.
   */
  async endToEnd(count: number, perEvent: number, rate?: number): Promise<EndToEndResult> {
    const loggedBefore = await this.loggedAttempts();
    await this.receiver.reset();
    const run = randomBytes(3).toString('hex');
    const accepted = new Map<string, number>();
    const started = Date.now();
    await pool(count, rate ? 64 : 32, async (i) => {
      if (rate) {
        const due = started + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      const tag = `b${run}x${i}`;
      accepted.set(tag, await this.send(tag));
    });
    const expected = count * perEvent;
    const deadline = Date.now() + 180_000;
    let stats = await this.receiver.stats();
    while (stats.count < expected) {
      if (Date.now() > deadline) throw new Error(`only ${stats.count}/${expected} deliveries arrived`);
      await sleep(100);
      stats = await this.receiver.stats();
    }
    let loggedAt: number;
    for (;;) {
      const { rows } = await this.database.query('SELECT count(*)::int AS n FROM delivery_attempts');
      loggedAt = Date.now();
      if ((rows[0] as { n: number }).n - loggedBefore >= expected) break;
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

  async open(): Promise<void> {
    await this.database.connect();
  }

  async close(): Promise<void> {
    await this.database.end();
    await this.ingest.close();
  }
}

async function subscribe(stack: Stack, endpoint: string, count: number): Promise<void> {
  await pool(count, 8, async () => {
    const response = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TAG_PUSH', key: 'bench/app', endpoint }),
    });
    if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${await response.text()}`);
  });
}

/** Sends one event and waits until it reached `subscribers` subscriptions (the index is loaded). */
async function warmUp(load: Load, receiver: ReceiverProcess, subscribers: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await receiver.reset();
    await load.send(`w${attempt}`);
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if ((await receiver.stats()).count >= subscribers) return;
      await sleep(50);
    }
  }
  throw new Error(`warm-up event never reached ${subscribers} subscriptions`);
}

/**
 * Rows inserted and updated in the stack's database so far. Inserts are counted in the tables
 * themselves (nothing is deleted during a run): pg_stat_user_tables lagged, as an idle backend may
 * hold its statistics for up to 10 s. Updates can only come from pg_stat, read once stable.
 */
async function rowsWritten(databaseUrl: string): Promise<{ inserted: number; updated: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      "SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables",
    );
    let inserted = 0;
    for (const { name } of tables as Array<{ name: string }>) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${name}`);
      inserted += (rows[0] as { n: number }).n;
    }
    let previous = -1;
    for (let i = 0; i < 30; i++) {
      const { rows } = await client.query(
        'SELECT coalesce(sum(n_tup_upd), 0)::int AS updated FROM pg_stat_user_tables',
      );
      const updated = (rows[0] as { updated: number }).updated;
      if (updated === previous) break;
      previous = updated;
      await client.query('SELECT pg_stat_clear_snapshot()');
      await sleep(1000);
    }
    return { inserted, updated: previous };
  } finally {
    await client.end();
  }
}

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? round(Number(match[1]) / 1024) : NaN;
}

/** Current resident memory (VmRSS) of a process, in MB. */
function rssNowMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? round(Number(match[1]) / 1024) : NaN;
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

async function main(): Promise<void> {
  const benchStarted = Date.now();
  const log = (message: string) =>
    process.stderr.write(`[bench ${((Date.now() - benchStarted) / 1000).toFixed(0)}s] ${message}\n`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    note: 'whole stack, receiver and load generator on this machine; other work may share the CPUs',
  };
  if (PROFILE_DIR) rmSync(PROFILE_DIR, { recursive: true, force: true });
  const receiver = await startReceiverProcess();
  let registry: RunningRegistry | undefined;
  let stack: Stack | undefined;
  let load: Load | undefined;
  try {
    log('registry with one image (ingest reads it once, then from its cache)');
    registry = await startRegistry();
    const layout = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    await skopeoCopy(layout, `${registry.host}/bench/app:1.0`);
    const profileEnv: Record<string, string> = PROFILE_DIR
      ? { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile.js')}`, BENCH_CPU_PROFILE_DIR: PROFILE_DIR }
      : {};
    stack = await startStack({
      env: {
        WORKER_CONCURRENCY: '128',
        // Every delivery goes to the one local receiver: the per-endpoint cap would measure itself.
        DELIVERY_ENDPOINT_CONCURRENCY: '100000',
        // No retries within the run: a failure shows up as a missing delivery.
        DELIVERY_RETRY_SCHEDULE: '1h',
        REGISTRY_URL: registry.url,
        ...profileEnv,
        ...STACK_ENV,
      },
    });
    load = new Load(stack, receiver, registry, manifestDigest(layout));
    await load.open();
    // Profiles of the fan-out phase alone: what came before is written to the first part.
    const profilePhase = async (apps: AppName[]) => {
      if (!PROFILE_DIR) return;
      for (const app of apps) process.kill(stack!.pid(app)!, 'SIGUSR2');
      await sleep(2000);
    };
    if (QUICK === 'latency') {
      await subscribe(stack, receiver.url, 1);
      await warmUp(load, receiver, 1);
      const processes = await benchProcesses(stack, receiver);
      const [max, maxCpuMsPerDelivery] = await withCpuPer(processes, n(3_000), () =>
        load!.endToEnd(n(3_000), 1),
      );
      await profilePhase(['ingest', 'dispatcher', 'worker']);
      const halfCount = Math.round(max.deliveriesPerSecond * 5);
      const [half, halfCpuMsPerDelivery] = await withCpuPer(processes, halfCount, () =>
        load!.endToEnd(halfCount, 1, max.deliveriesPerSecond / 2),
      );
      const summary = {
        max: roundAll(max),
        half: roundAll(half),
        maxCpuMsPerDelivery,
        halfCpuMsPerDelivery,
      };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      await profilePhase(['ingest', 'dispatcher', 'worker']);
      if (PROFILE_DIR)
        process.stdout.write(`\nCPU profile (self time):\n${summarizeProfiles(PROFILE_DIR).join('\n')}\n`);
      return;
    }
    if (QUICK) {
      await subscribe(stack, receiver.url, 100);
      await warmUp(load, receiver, 100);
      await profilePhase(['dispatcher', 'worker']);
      const { rounds, cpuMsPerDelivery } = await fanOutRounds(stack, load, receiver, 'fan-out', log);
      await profilePhase(['dispatcher', 'worker']);
      process.stdout.write(
        `${JSON.stringify({ rounds: roundsSummary(rounds), cpuMsPerDelivery }, null, 2)}\n`,
      );
      if (PROFILE_DIR)
        process.stdout.write(`\nCPU profile (self time):\n${summarizeProfiles(PROFILE_DIR).join('\n')}\n`);
      return;
    }

    log('ceiling: undici.request, 64 connections');
    const ceilingAtStart = await undiciCeiling(receiver.url, n(20_000));
    log('sub-ceiling: got');
    const gotPerSecond = await gotCeiling(receiver.url, n(4_000));
    log('sub-ceiling: BullMQ addBulk + no-op worker');
    const bullmqPerSecond = await bullmqAlone(
      process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      n(20_000),
    );

    log('ingest: Distribution envelopes, no subscriber');
    const ingestPerSecond = await load.ingestOnly(n(3_000));
    log('ingest: native POST /events batches of 100, no subscriber');
    const nativePerSecond = await load.nativeIngestOnly(n(100), 100);

    log('end to end: 1 subscription per event, max rate');
    await subscribe(stack, receiver.url, 1);
    await warmUp(load, receiver, 1);
    const rowsBefore = await rowsWritten(stack.database.url);
    const one = await load.endToEnd(n(3_000), 1);
    const rowsAfter = await rowsWritten(stack.database.url);
    const deliveriesInRun = n(3_000);
    log('end to end: 1 subscription per event, half the max rate');
    const half = await load.endToEnd(
      Math.max(10, Math.round((one.deliveriesPerSecond / 2) * 10 * Math.min(1, SCALE * 2))),
      1,
      one.deliveriesPerSecond / 2,
    );

    const peakRss: Record<string, number> = {};
    const notePeaks = () => {
      for (const app of ALL_APPS) peakRss[app] = Math.max(peakRss[app] ?? 0, peakRssMb(stack!.pid(app)));
    };
    notePeaks();

    log('end to end: 100 subscriptions per event (fan-out)');
    await subscribe(stack, receiver.url, 99);
    await warmUp(load, receiver, 100);
    await profilePhase(['dispatcher', 'worker']);
    const oneWorker = await fanOutRounds(
      stack,
      load,
      receiver,
      'end to end: 100 subscriptions per event',
      log,
    );
    const fanOut = oneWorker.median.result;
    const ceilingPerSecond = oneWorker.median.ceilingPerSecond;
    const fanOutCpuMsPerDelivery = oneWorker.cpuMsPerDelivery;
    notePeaks();
    await profilePhase(['dispatcher', 'worker']);

    // Workers scale out (k8s/): on 2 cores, a second worker uses what one leaves idle.
    const secondWorker = await stack.startReplica('worker');
    await warmUp(load, receiver, 100);
    const twoWorkers = await fanOutRounds(
      stack,
      load,
      receiver,
      'end to end: 100 subscriptions per event, two workers',
      log,
    );
    await secondWorker.stop();

    // The client comparison runs where delivery, not ingest, bounds the rate: the fan-out.
    log('end to end: 100 subscriptions per event, DELIVERY_CLIENT=got');
    await stack.stopApp('worker');
    await stack.start('worker', { DELIVERY_CLIENT: 'got' });
    await warmUp(load, receiver, 100);
    const withGot = await load.endToEnd(n(FAN_OUT_EVENTS), 100);
    notePeaks();

    let soak: { seconds: number; deliveriesPerSecond: number; rssMb: Record<string, number[]> } | undefined;
    if (SOAK_SECONDS > 0) {
      log(`soak: ${SOAK_SECONDS} s at half the fan-out rate`);
      await stack.stopApp('worker');
      await stack.start('worker', { DELIVERY_CLIENT: 'undici' });
      await warmUp(load, receiver, 100);
      const rssMb: Record<string, number[]> = {};
      const sampleRss = () => {
        for (const app of ALL_APPS) (rssMb[app] ??= []).push(rssNowMb(stack!.pid(app)));
      };
      sampleRss();
      const sampler = setInterval(sampleRss, 10_000);
      const eventsPerSecond = fanOut.deliveriesPerSecond / 2 / 100;
      try {
        const result = await load.endToEnd(Math.round(eventsPerSecond * SOAK_SECONDS), 100, eventsPerSecond);
        soak = { seconds: SOAK_SECONDS, deliveriesPerSecond: round(result.deliveriesPerSecond), rssMb };
      } finally {
        clearInterval(sampler);
      }
      sampleRss();
    }

    let profiles: string[] = [];
    if (PROFILE_DIR) {
      // Parts: dispatcher/worker 1 = start to the fan-out, 2 = the fan-out with undici,
      // dispatcher 3 = the rest; the got worker's covers its start and its fan-out; ingest's the run.
      for (const app of ['ingest', 'dispatcher', 'worker'] as AppName[])
        process.kill(stack.pid(app)!, 'SIGUSR2');
      await sleep(2000);
      profiles = summarizeProfiles(PROFILE_DIR);
    }

    const results = {
      commit: commit(),
      date: new Date().toISOString(),
      machine,
      scale: SCALE,
      headline: 'end to end with 100 subscriptions per event (fan-out), one worker, undici',
      deliveriesPerSecond: round(fanOut.deliveriesPerSecond),
      ceilingPerSecond: round(ceilingPerSecond),
      ratio: round(oneWorker.median.ratio, 3),
      cpuRatio: round(median(oneWorker.rounds.map((r) => r.cpuRatio)), 3),
      fanOutRounds: roundsSummary(oneWorker.rounds),
      p50Ms: half.p50Ms,
      p95Ms: half.p95Ms,
      p99Ms: half.p99Ms,
      ingestPerSecond: round(ingestPerSecond),
      ingest: {
        distributionEnvelopesPerSecond: round(ingestPerSecond),
        canonicalEventsPerSecond: round(ingestPerSecond * 2),
        nativeBatchEventsPerSecond: round(nativePerSecond),
      },
      endToEnd: {
        oneSubscription: {
          ...roundAll(one),
          ratio: round(one.deliveriesPerSecond / ceilingAtStart, 3),
          clientMode: 'undici',
        },
        halfRate: roundAll(half),
        fanOut100: roundAll(fanOut),
        fanOut100TwoWorkers: {
          ...roundAll(twoWorkers.median.result),
          ceilingPerSecond: round(twoWorkers.median.ceilingPerSecond),
          ratio: round(twoWorkers.median.ratio, 3),
          rounds: roundsSummary(twoWorkers.rounds),
        },
        gotClient: roundAll(withGot),
        undiciOverGot: round(fanOut.deliveriesPerSecond / withGot.deliveriesPerSecond, 2),
      },
      subCeilings: {
        ceilingPerSecond: round(ceilingAtStart),
        gotPerSecond: round(gotPerSecond),
        bullmqNoOpPerSecond: round(bullmqPerSecond),
      },
      peakRssMb: peakRss,
      fanOutCpuMsPerDelivery,
      postgresRowsPerDelivery: {
        inserted: round((rowsAfter.inserted - rowsBefore.inserted) / deliveriesInRun, 2),
        updated: round((rowsAfter.updated - rowsBefore.updated) / deliveriesInRun, 2),
      },
      ...(soak ? { soak } : {}),
      durationSeconds: round((Date.now() - benchStarted) / 1000),
    };
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${table(results)}\n`);
    if (soak) {
      const lines = Object.entries(soak.rssMb).map(([app, samples]) => `  ${app}: ${samples.join(' ')}`);
      process.stdout.write(
        `\nSoak ${soak.seconds} s at ${soak.deliveriesPerSecond} deliveries/s, RSS MB every 10 s:\n${lines.join('\n')}\n`,
      );
    }
    if (profiles.length > 0) process.stdout.write(`\nCPU profile (self time):\n${profiles.join('\n')}\n`);
  } catch (error) {
    for (const app of ALL_APPS) log(`${app} log tail:\n${stack?.logs(app).split('\n').slice(-8).join('\n')}`);
    throw error;
  } finally {
    await load?.close();
    await stack?.stop();
    await registry?.stop();
    receiver.close();
  }
}

/** The processes whose CPU time the fan-out rounds count. */
async function benchProcesses(
  stack: Stack,
  receiver: ReceiverProcess,
): Promise<() => Record<string, number | undefined>> {
  const redisPid = Number(/process_id:(\d+)/.exec(await stack.redis.info('server'))?.[1]);
  return () => ({
    ...Object.fromEntries(ALL_APPS.map((app) => [app, stack.pid(app)])),
    receiver: receiver.pid,
    redis: redisPid,
    bench: process.pid,
  });
}

/** Runs `work` and returns its result with the CPU ms per unit each bench process spent meanwhile. */
async function withCpuPer<T>(
  processes: () => Record<string, number | undefined>,
  units: number,
  work: () => Promise<T>,
): Promise<[T, Record<string, number>]> {
  const before = cpuSnapshot(processes());
  const result = await work();
  return [result, cpuMsPer(before, cpuSnapshot(processes()), units)];
}

/**
 * The machine is shared, so the ceiling moves between runs: each fan-out round is compared with
 * a ceiling measured just before it, and the median round counts.
 */
async function fanOutRounds(
  stack: Stack,
  load: Load,
  receiver: ReceiverProcess,
  label: string,
  log: (message: string) => void,
): Promise<{ median: FanOutRound; rounds: FanOutRound[]; cpuMsPerDelivery: Record<string, number> }> {
  const processes = await benchProcesses(stack, receiver);
  const rounds: FanOutRound[] = [];
  const cpu: Array<Record<string, number>> = [];
  for (let round = 1; round <= FAN_OUT_ROUNDS; round++) {
    log(`${label}, round ${round}: ceiling, then the fan-out`);
    const [ceilingPerSecond, ceilingCpu] = await withCpuPer(processes, n(20_000), () =>
      undiciCeiling(receiver.url, n(20_000)),
    );
    log(`ceiling ${Math.round(ceilingPerSecond)}/s; CPU ms per request: ${JSON.stringify(ceilingCpu)}`);
    const [result, deliveryCpu] = await withCpuPer(processes, n(FAN_OUT_EVENTS) * 100, () =>
      load.endToEnd(n(FAN_OUT_EVENTS), 100),
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

/**
 * One fan-out run and the ceiling run before it. `cpuRatio`: CPU per raw POST in the ceiling run
 * (client and receiver) over CPU per delivery (every process): unlike rates, it hardly moves when
 * other work shares the machine.
 */
interface FanOutRound {
  ceilingPerSecond: number;
  result: EndToEndResult;
  ratio: number;
  cpuRatio: number;
}

function roundsSummary(rounds: FanOutRound[]) {
  return rounds.map(({ ceilingPerSecond, result, ratio, cpuRatio }) => ({
    ceilingPerSecond: round(ceilingPerSecond),
    deliveriesPerSecond: round(result.deliveriesPerSecond),
    ratio: round(ratio, 3),
    cpuRatio: round(cpuRatio, 3),
  }));
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function roundAll<T extends Record<string, number | undefined>>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value === undefined ? value : round(value, 1)]),
  ) as T;
}

type Results = {
  machine: { cpus: number; cpuModel: string };
  commit: string;
  ceilingPerSecond: number;
  ingest: {
    distributionEnvelopesPerSecond: number;
    canonicalEventsPerSecond: number;
    nativeBatchEventsPerSecond: number;
  };
  endToEnd: Record<string, unknown>;
  subCeilings: { ceilingPerSecond: number; gotPerSecond: number; bullmqNoOpPerSecond: number };
  peakRssMb: Record<string, number>;
  postgresRowsPerDelivery: { inserted: number; updated: number };
  fanOutCpuMsPerDelivery: Record<string, number>;
  cpuRatio: number;
};

/** The Markdown table printed and pasted into the README. */
function table(results: Results): string {
  const e2e = results.endToEnd as Record<string, Record<string, number>>;
  const ceiling = results.ceilingPerSecond;
  const pct = (rate: number) => `${Math.round((rate / ceiling) * 100)}%`;
  // The sub-ceilings and the 1-subscription run are compared with the ceiling run at the start.
  const subPct = (rate: number) => `${Math.round((rate / results.subCeilings.ceilingPerSecond) * 100)}%`;
  const rows: Array<[string, string, string]> = [
    [
      'ceiling: undici.request, 64 keep-alive connections, run before the median fan-out round',
      `${ceiling}/s`,
      '100%',
    ],
    [
      'ceiling at the start (for the sub-ceilings and the 1-subscription run)',
      `${results.subCeilings.ceilingPerSecond}/s`,
      '',
    ],
    [
      'sub-ceiling: got alone',
      `${results.subCeilings.gotPerSecond}/s`,
      subPct(results.subCeilings.gotPerSecond),
    ],
    [
      'sub-ceiling: BullMQ addBulk + no-op worker',
      `${results.subCeilings.bullmqNoOpPerSecond} jobs/s`,
      subPct(results.subCeilings.bullmqNoOpPerSecond),
    ],
    [
      'ingest: Distribution envelopes (1 push each → 2 events)',
      `${results.ingest.distributionEnvelopesPerSecond}/s`,
      '',
    ],
    [
      'ingest: native POST /events, batches of 100',
      `${results.ingest.nativeBatchEventsPerSecond} events/s`,
      '',
    ],
    [
      'end to end, 1 subscription/event, undici',
      `${e2e.oneSubscription.deliveriesPerSecond}/s`,
      `${Math.round(e2e.oneSubscription.ratio * 100)}%`,
    ],
    [
      'end to end, 100 subscriptions/event, undici',
      `${e2e.fanOut100.deliveriesPerSecond}/s`,
      pct(e2e.fanOut100.deliveriesPerSecond),
    ],
    [
      'end to end, 100 subscriptions/event, undici, two workers',
      `${e2e.fanOut100TwoWorkers.deliveriesPerSecond}/s`,
      `${Math.round(e2e.fanOut100TwoWorkers.ratio * 100)}% (of its rounds' ceiling)`,
    ],
    [
      'end to end, 100 subscriptions/event, got',
      `${e2e.gotClient.deliveriesPerSecond}/s`,
      pct(e2e.gotClient.deliveriesPerSecond),
    ],
    [
      'latency accept→receipt at max rate p50/p95/p99',
      `${e2e.oneSubscription.p50Ms} / ${e2e.oneSubscription.p95Ms} / ${e2e.oneSubscription.p99Ms} ms`,
      '',
    ],
    [
      `latency accept→receipt at half rate (${e2e.halfRate.offeredPerSecond}/s) p50/p95/p99`,
      `${e2e.halfRate.p50Ms} / ${e2e.halfRate.p95Ms} / ${e2e.halfRate.p99Ms} ms`,
      '',
    ],
    [
      'peak RSS gateway / ingest / dispatcher / worker',
      `${ALL_APPS.map((app) => results.peakRssMb[app]).join(' / ')} MB`,
      '',
    ],
    [
      'CPU of a raw POST (ceiling run) / CPU of a delivery (fan-out), median of the rounds',
      `${Math.round(results.cpuRatio * 100)}%`,
      '',
    ],
    [
      'CPU ms per delivery, fan-out with undici, by process',
      Object.entries(results.fanOutCpuMsPerDelivery)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(', '),
      '',
    ],
    [
      'PostgreSQL rows per delivery (inserted / updated)',
      `${results.postgresRowsPerDelivery.inserted} / ${results.postgresRowsPerDelivery.updated}`,
      '',
    ],
  ];
  return [
    `Machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), commit ${results.commit}`,
    '',
    '| measure | result | of ceiling |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
