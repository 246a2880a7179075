import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CanonicalEvent } from '@hookyard/events';
import { loadConfig } from '@hookyard/config';
import { createRedis, eventStreamKey, keyOwners, RedisClient, STREAM_EVENT_FIELD } from '@hookyard/queue';
import { APP_MEMORY_ENV, appCommand, AppCode } from '@hookyard/util';
import { trackChild } from '../process/child-processes';
import { freePort } from './free-port';
import { startPgBouncer } from './pgbouncer';
import { startRedisCluster, TestRedis } from './redis-server';
import { createTestDatabase, TestDatabase } from './test-database';

export type AppName = 'gateway' | 'ingest' | 'dispatcher' | 'worker';
export const ALL_APPS: AppName[] = ['gateway', 'ingest', 'dispatcher', 'worker'];

const ROOT = resolve(__dirname, '../../../..');
const PORT_VARIABLE: Record<AppName, string> = {
  gateway: 'GATEWAY_PORT',
  ingest: 'INGEST_PORT',
  dispatcher: 'DISPATCHER_PORT',
  worker: 'WORKER_PORT',
};

/** The Redis deployments Hookyard runs on; suites about Redis run against each. */
export const REDIS_TOPOLOGIES = ['single', 'cluster'] as const;
export type RedisTopology = (typeof REDIS_TOPOLOGIES)[number];

export interface StackOptions {
  apps?: AppName[];
  /** Extra environment for every app (e.g. DELIVERY_RETRY_SCHEDULE). */
  env?: Record<string, string>;
  /**
   * `single`: the machine's Redis (TEST_REDIS_URL); `cluster`: a 3-master Redis Cluster started
   * for this stack and stopped with it; or a Redis the test started (and stops). Default: the
   * TEST_REDIS_TOPOLOGY variable, else `single`.
   */
  redis?: RedisTopology | TestRedis;
  /**
   * `pgbouncer`: the apps reach PostgreSQL through PgBouncer in transaction pooling mode, started
   * for this stack. Default: the TEST_POSTGRES_VIA variable, else `direct`.
   */
  postgres?: 'direct' | 'pgbouncer';
  /** The PostgreSQL server the run's database is made on (direct only); default: the tests' (TEST_DATABASE_URL). */
  postgresServer?: string;
  /** `source` (default) or `build` (run the build first); see AppCode. */
  code?: AppCode;
}

export interface Replica {
  pid: number | undefined;
  /** `http://127.0.0.1:PORT` of this process. */
  url: string;
  logs(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Stack {
  env: Record<string, string>;
  adminToken: string;
  ingestToken: string;
  /** `http://127.0.0.1:PORT` per app. */
  url(app: AppName): string;
  /** Basic auth header of the admin. */
  adminAuth: string;
  /** The run's database; its `url` reaches PostgreSQL directly, whatever the apps go through. */
  database: TestDatabase;
  /** A client of the stack's Redis (a Cluster client on a cluster). */
  redis: RedisClient;
  /** Starts (again) an app and waits until /readyz answers 200. */
  start(app: AppName, env?: Record<string, string>): Promise<void>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stopApp(app: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** The app's output so far (for assertions and failure messages). */
  logs(app: AppName): string;
  /** Appends canonical events to the run's event stream, as ingest does (without its dedup marks). */
  appendEvents(events: CanonicalEvent[]): Promise<void>;
  /**
   * Starts one more process of `app` with its own port and log (e.g. a second worker, as a
   * deployment scales out); it is stopped with the stack.
   */
  startReplica(app: AppName, env?: Record<string, string>): Promise<Replica>;
  /** The running app's process id (the benchmark reads its peak memory from /proc). */
  pid(app: AppName): number | undefined;
  /** Stops every app, drops the database and deletes the run's Redis keys. */
  stop(): Promise<void>;
}

/**
 * The real system for end-to-end tests: each app as its own node process (as `npm start` runs
 * them) against the machine's PostgreSQL and Redis, with a fresh database and Redis key prefix.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const topology =
    options.redis ?? (process.env.TEST_REDIS_TOPOLOGY as RedisTopology | undefined) ?? 'single';
  const ownCluster = topology === 'cluster' ? await startRedisCluster() : undefined;
  const testRedis = ownCluster ?? (typeof topology === 'object' ? topology : undefined);
  const redisEnv = testRedis?.env ?? { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const database = await createTestDatabase(options.postgresServer);
  const postgresRoute = options.postgres ?? process.env.TEST_POSTGRES_VIA ?? 'direct';
  const pgBouncer = postgresRoute === 'pgbouncer' ? await startPgBouncer() : undefined;
  // A cluster needs the keys of one script in one slot: the prefix is a hash tag.
  const runId = `hytest-${randomBytes(4).toString('hex')}`;
  const prefix = redisEnv.REDIS_CLUSTER_NODES ? `{${runId}}` : runId;
  const adminToken = `admin-${randomBytes(16).toString('hex')}`;
  const ingestToken = `ingest-${randomBytes(16).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'hookyard-stack-'));
  const env: Record<string, string> = {
    DATABASE_URL: pgBouncer ? pgBouncer.urlFor(database.url) : database.url,
    ...redisEnv,
    REDIS_PREFIX: prefix,
    ADMIN_USERNAME: 'admin',
    ADMIN_TOKEN: adminToken,
    INGEST_TOKEN: ingestToken,
    DELIVERY_ALLOWED_CIDRS: '127.0.0.0/8,::1/128',
    DELIVERY_RETRY_SCHEDULE: '200ms,400ms,800ms',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  for (const app of ALL_APPS) env[PORT_VARIABLE[app]] ??= String(await freePort());
  const { redis: redisConfig } = loadConfig({
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES,
    REDIS_PREFIX: env.REDIS_PREFIX,
  });
  const redis = createRedis(redisConfig, { maxRetriesPerRequest: 3 });
  const children = new Map<AppName, ChildProcess>();
  const replicas: ChildProcess[] = [];
  const code = options.code ?? 'source';
  const spawnApp = (app: AppName, logFile: string, appEnv: Record<string, string>) =>
    spawnAppProcess(app, code, logFile, appEnv);

  const stack: Stack = {
    env,
    adminToken,
    ingestToken,
    database,
    redis,
    adminAuth: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}`,
    url: (app) => `http://127.0.0.1:${env[PORT_VARIABLE[app]]}`,
    logs: (app) => {
      try {
        return readFileSync(join(logDir, `${app}.log`), 'utf8');
      } catch {
        return '';
      }
    },
    pid: (app) => children.get(app)?.pid,
    async start(app, extraEnv = {}) {
      const earlierLogs = stack.logs(app).length;
      const child = spawnApp(app, join(logDir, `${app}.log`), { ...env, ...extraEnv });
      children.set(app, child);
      await waitUntilReady(stack.url(app), child, () => stack.logs(app).slice(earlierLogs));
    },
    async startReplica(app, extraEnv = {}) {
      const port = String(await freePort());
      const logFile = join(logDir, `${app}-replica-${port}.log`);
      const child = spawnApp(app, logFile, { ...env, ...extraEnv, [PORT_VARIABLE[app]]: port });
      replicas.push(child);
      const logs = () => readFileSync(logFile, 'utf8');
      const url = `http://127.0.0.1:${port}`;
      await waitUntilReady(url, child, logs);
      return { pid: child.pid, url, logs, stop: (signal) => stopChild(child, signal) };
    },
    async stopApp(app, signal = 'SIGTERM') {
      const child = children.get(app);
      if (!child) return;
      await stopChild(child, signal);
      children.delete(app);
    },
    async appendEvents(events) {
      const pipeline = redis.multi();
      for (const event of events) {
        pipeline.xadd(eventStreamKey(prefix), '*', STREAM_EVENT_FIELD, JSON.stringify(event));
      }
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },
    async stop() {
      await Promise.all([...children.keys()].map((app) => stack.stopApp(app, 'SIGKILL')));
      await Promise.all(replicas.map((child) => stopChild(child, 'SIGKILL')));
      if (ownCluster) await ownCluster.stop();
      else if (!testRedis) await deleteKeys(redis, prefix);
      redis.disconnect();
      await pgBouncer?.stop();
      await database.drop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };

  try {
    // The first app runs the migrations; the rest start in parallel after it.
    const apps = options.apps ?? ALL_APPS;
    await stack.start(apps[0]);
    await Promise.all(apps.slice(1).map((app) => stack.start(app)));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/** The run's keys on a shared Redis (a cluster's masters each hold some). */
async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  for (const server of keyOwners(redis)) {
    const keys = await server.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await server.del(...keys.slice(i, i + 500));
  }
}

/** One app as its own node process, with its output in `logFile`. */
function spawnAppProcess(
  app: AppName,
  code: AppCode,
  logFile: string,
  env: Record<string, string>,
): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, appCommand(app, code), {
    cwd: ROOT,
    env: { ...process.env, ...APP_MEMORY_ENV, ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both streams share the file: neither may end it while the other still writes.
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once('close', () => log.end());
  // A test or bench process that dies without stopping its stack takes the apps with it.
  trackChild(child);
  return child;
}

/** Sends `signal` and waits for the exit; nothing when the process already ended. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill(signal);
  });
}

/**
 * Until the app is ready: its /readyz answers 200 and its log (this run's part) says it listens on
 * the port, so that another process on that port (the app then fails to listen and exits) is never
 * taken for it.
 */
async function waitUntilReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const listening = new RegExp(` listening on port ${new URL(url).port}\\b`);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url} exited with ${child.exitCode}:\n${logs().slice(-3000)}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200 && listening.test(logs())) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${url} not ready within 60 s:\n${logs().slice(-3000)}`);
}
