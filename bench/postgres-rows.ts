import { Client } from 'pg';
import { sleep } from './concurrency';
import { round } from './statistics';

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

export interface RowsPerUnit {
  inserted: number;
  updated: number;
}

/** Runs `work` and returns its result with the PostgreSQL rows written meanwhile per unit. */
export async function withRowsPer<T>(
  databaseUrl: string,
  units: number,
  work: () => Promise<T>,
): Promise<[T, RowsPerUnit]> {
  const before = await rowsWritten(databaseUrl);
  const result = await work();
  const after = await rowsWritten(databaseUrl);
  return [
    result,
    {
      inserted: round((after.inserted - before.inserted) / units, 2),
      updated: round((after.updated - before.updated) / units, 2),
    },
  ];
}
