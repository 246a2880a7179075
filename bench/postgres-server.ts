import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, trackChild } from '@hookyard/testing';
import { sleep } from './concurrency';

export interface BenchPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the server the stack's database is made on. */
  url: string;
  /** The postmaster: its children are this server's backends and background processes. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of the bench's own (initdb and postgres from PATH, default settings: fsync
 * and synchronous commit on, autovacuum on), so that the CPU counted as PostgreSQL's is the
 * stack's alone: the machine's server also serves other work's databases. As root, PostgreSQL
 * refuses to run, so it runs as the `postgres` user.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'hookyard-bench-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const initdb = spawnSync('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'], {
    encoding: 'utf8',
    ...owner,
  });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.error?.message ?? initdb.stderr}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'postgres',
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
  );
  // Should the bench die before stop(), the server goes with it (its data directory stays in tmp).
  trackChild(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null) {
      // SIGINT: PostgreSQL's fast shutdown (ends the backends, no wait for clients).
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGINT');
      await Promise.race([exited, sleep(10_000)]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return { url, pid: child.pid!, stop };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`the bench's PostgreSQL did not start: ${(error as Error).message}\n${output}`, {
          cause: error,
        });
      }
      await sleep(200);
    }
  }
}

/** uid and gid of the `postgres` user, whom PostgreSQL runs as when the bench runs as root. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid === 0) throw new Error('running as root needs a `postgres` user');
  return { uid, gid: id('-g') };
}
