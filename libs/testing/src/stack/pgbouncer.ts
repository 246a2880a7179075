import { spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { tailFile, trackChild, waitForExit } from '../process/child-processes';
import { freePort } from './free-port';
import { testServerUrl } from './test-database';

export interface RunningPgBouncer {
  port: number;
  /** `databaseUrl` with its host and port replaced by PgBouncer's. */
  urlFor(databaseUrl: string): string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * PgBouncer (the Debian package's binary) in transaction pooling mode on loopback, in front of the
 * tests' PostgreSQL: every database of that server, by the same name, as the same user. A
 * server connection serves one transaction, then any other client: no session state (session
 * advisory locks, SET, LISTEN) lasts beyond a transaction, and PgBouncer 1.18 does not carry named
 * prepared statements between server connections (node-postgres uses the unnamed one).
 */
export async function startPgBouncer(): Promise<RunningPgBouncer> {
  const server = new URL(testServerUrl());
  const user = decodeURIComponent(server.username || 'postgres');
  const password = decodeURIComponent(server.password);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookyard-pgbouncer-'));
  const backend = [
    `host=${server.hostname}`,
    `port=${server.port || 5432}`,
    `user=${user}`,
    ...(password ? [`password=${password}`] : []),
  ].join(' ');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = ${backend}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 1000',
      'default_pool_size = 20',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
  // PgBouncer refuses to run as root: as root (CI containers), it runs as nobody.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o755);
  const logFile = join(dir, 'pgbouncer.log');
  const log = createWriteStream(logFile);
  const child = spawn('pgbouncer', [join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  trackChild(child);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`pgbouncer did not start: ${error.message}`))),
  );
  const logs = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const urlFor = (databaseUrl: string) => {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  };
  const stop = async () => {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) child.kill('SIGKILL');
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      spawnError,
      waitUntilServing(urlFor(testServerUrl()), () => child.exitCode !== null),
    ]);
  } catch (error) {
    const tail = tailFile(logFile);
    await stop();
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
  }
  return { port, urlFor, logs, stop };
}

async function waitUntilServing(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (exited() || Date.now() > deadline)
        throw new Error(`pgbouncer not serving: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
