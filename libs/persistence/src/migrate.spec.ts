import { createTestDatabase, RunningPgBouncer, startPgBouncer, TestDatabase } from '@hookyard/testing';
import { Client } from 'pg';
import { runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

/** Apps starting together each call runMigrations: one runs them, the others wait and find none. */
describe('runMigrations', () => {
  const databases: TestDatabase[] = [];
  let pgBouncer: RunningPgBouncer;

  beforeAll(async () => {
    pgBouncer = await startPgBouncer();
  });

  afterAll(async () => {
    await pgBouncer?.stop();
    for (const database of databases) await database.drop();
  });

  const freshDatabase = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };

  /** Advisory locks still held in `database` (a lock leaked by a pooled connection would show here). */
  const advisoryLocks = async (database: TestDatabase) => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS held FROM pg_locks l JOIN pg_database d ON d.oid = l.database
         WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
      );
      return rows[0].held as number;
    } finally {
      await client.end();
    }
  };

  it.each(['directly', 'through PgBouncer in transaction mode'])(
    'run concurrently %s: every migration once, no lock left behind',
    async (route) => {
      const database = await freshDatabase();
      const url = route === 'directly' ? database.url : pgBouncer.urlFor(database.url);

      const runs = await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
      expect(runs.flat().sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      expect(runs.filter((ran) => ran.length > 0)).toHaveLength(1);
      expect(await advisoryLocks(database)).toBe(0);
      // A later start finds nothing pending and is not kept waiting by a leftover lock.
      expect(await runMigrations(url)).toEqual([]);
    },
  );
});
