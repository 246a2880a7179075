import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { APP_MEMORY_ENV, appCommand } from '@hookyard/util';
import { ensureConsoleBuilt } from '../console/console-build';
import { stopChild } from './app-process';
import { startEmbeddedDatabase } from './embedded-database';
import { resolveEncryptionKey } from './encryption-key';
import { resolveIngestToken } from './ingest-token';
import { isPortOpen, startRedisServer } from './redis-server';
import { banner, lineFormatter, StartupWatcher } from './terminal-output';

/**
 * `npm start`: the whole system in one terminal. The web console is built when its sources changed;
 * PostgreSQL from DATABASE_URL or embedded; Redis from REDIS_URL or REDIS_CLUSTER_NODES, or one on
 * 127.0.0.1:6379, or a redis-server started here; then the four apps with their logs prefixed (for
 * people in a terminal, JSON otherwise), and a banner once they listen. Ctrl-C stops everything,
 * apps first so they finish in-flight work.
 */
const APPS = ['gateway', 'ingest', 'dispatcher', 'worker'] as const;
const ROOT = resolve(__dirname, '../..');
const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const LOCAL_REGISTRY = 'http://127.0.0.1:5000';
const HUMAN = process.stdout.isTTY === true;
const formatLine = lineFormatter(HUMAN);
const startup = new StartupWatcher(APPS);

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: NodeJS.ProcessEnv = { ...process.env };

  if (await ensureConsoleBuilt((line) => log('console', line))) log('start', 'built the web console');

  if (!env.DATABASE_URL) {
    const database = await startEmbeddedDatabase(ROOT, Number(env.EMBEDDED_POSTGRES_PORT ?? 5433));
    env.DATABASE_URL = database.url;
    cleanups.push(() => database.stop());
    log('start', `embedded PostgreSQL at ${database.url.replace(/:[^:@]*@/, ':***@')}`);
  }
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES && !(await isPortOpen('127.0.0.1', 6379))) {
    const redis = await startRedisServer(ROOT, 6379);
    cleanups.push(() => void redis.kill('SIGTERM'));
    log('start', 'started redis-server on 127.0.0.1:6379');
  }
  const ingestToken = resolveIngestToken(env.INGEST_TOKEN, resolve(ROOT, '.hookyard'), ROOT);
  env.INGEST_TOKEN = ingestToken.token;
  env.SECRETS_ENCRYPTION_KEY = resolveEncryptionKey(env.SECRETS_ENCRYPTION_KEY, resolve(ROOT, '.hookyard'));
  if (!env.REGISTRY_URL) {
    // For development: a registry on its usual local port. Ingest reads manifests only from here.
    env.REGISTRY_URL = LOCAL_REGISTRY;
    log('start', `REGISTRY_URL not set: reading manifests (os/architecture) from ${LOCAL_REGISTRY}`);
  }

  const children = APPS.map((app, index) =>
    runApp(app, COLORS[index], env, () => {
      for (const line of banner({
        gatewayUrl: `http://127.0.0.1:${env.GATEWAY_PORT ?? 3000}`,
        ingestUrl: `http://127.0.0.1:${env.INGEST_PORT ?? 3001}`,
        adminUsername: env.ADMIN_USERNAME ?? 'admin',
        // Piped output already holds the token block; a terminal shows it here only.
        adminToken: HUMAN ? startup.adminToken : undefined,
        adminTokenFromEnv: Boolean(env.ADMIN_TOKEN),
      })) {
        process.stdout.write(`${line}\n`);
      }
    }),
  );
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('start', 'stopping…');
    await Promise.all(children.map((child) => stopChild(child)));
    for (const cleanup of cleanups.reverse()) await cleanup();
    log('start', 'stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  children.forEach((child, index) =>
    child.on('exit', (code, signal) => {
      if (!stopping) {
        log('start', `${APPS[index]} exited with ${code ?? signal}; stopping the rest`);
        void stop(code ?? 1);
      }
    }),
  );
  log(
    'start',
    `gateway http://127.0.0.1:${env.GATEWAY_PORT ?? 3000}  ingest http://127.0.0.1:${env.INGEST_PORT ?? 3001}  ${ingestToken.announcement}`,
  );
}

function runApp(
  app: string,
  color: string,
  env: NodeJS.ProcessEnv,
  onAllListening: () => void,
): ChildProcess {
  const child = spawn(process.execPath, appCommand(app, 'source'), {
    cwd: ROOT,
    env: { ...env, ...APP_MEMORY_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      const wasListening = startup.allListening;
      // In a terminal the first-start admin token is shown in the banner, not amid the logs.
      const isTokenBlock = startup.read(app, line);
      const shown = isTokenBlock && HUMAN ? null : formatLine(line);
      if (shown !== null) process.stdout.write(`${color}${app.padEnd(10)}\x1b[0m ${shown}\n`);
      if (!wasListening && startup.allListening) onAllListening();
    });
  }
  return child;
}

function log(source: string, message: string): void {
  process.stdout.write(`\x1b[1m${source.padEnd(10)}\x1b[0m ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`hookyard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
