import { Client } from 'pg';
import { sleep } from './concurrency';
import { round } from './statistics';

/** Rows inserted and updated so far, per table. */
type TableRows = Map<string, { inserted: number; updated: number }>;

/**
 * Rows inserted and updated in the stack's database so far, per table. Inserts are counted in the
 * tables themselves (nothing is deleted during a run): pg_stat_user_tables lagged, as an idle
 * backend may hold its statistics for up to 10 s. Updates can only come from pg_stat, read once
 * stable.
 */
async function rowsWritten(databaseUrl: string): Promise<TableRows> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      "SELECT relname AS table, format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables",
    );
    const written: TableRows = new Map();
    for (const { table, name } of tables as Array<{ table: string; name: string }>) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${name}`);
      written.set(table, { inserted: (rows[0] as { n: number }).n, updated: 0 });
    }
    let previous = -1;
    for (let i = 0; i < 30; i++) {
      const { rows } = await client.query(
        'SELECT relname AS table, n_tup_upd::int AS updated FROM pg_stat_user_tables',
      );
      const updates = rows as Array<{ table: string; updated: number }>;
      const total = updates.reduce((sum, row) => sum + row.updated, 0);
      for (const { table, updated } of updates) {
        const counts = written.get(table);
        if (counts) counts.updated = updated;
      }
      if (total === previous) break;
      previous = total;
      await client.query('SELECT pg_stat_clear_snapshot()');
      await sleep(1000);
    }
    return written;
  } finally {
    await client.end();
  }
}

export interface RowsPerUnit {
  inserted: number;
  updated: number;
  /** The tables written to, with their rows per unit (inserted + updated). */
  byTable: Record<string, number>;
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
  let inserted = 0;
  let updated = 0;
  const byTable: Record<string, number> = {};
  for (const [table, now] of after) {
    const then = before.get(table) ?? { inserted: 0, updated: 0 };
    inserted += now.inserted - then.inserted;
    updated += now.updated - then.updated;
    const rows = now.inserted - then.inserted + now.updated - then.updated;
    if (rows > 0) byTable[table] = round(rows / units, 2);
  }
  return [result, { inserted: round(inserted / units, 2), updated: round(updated / units, 2), byTable }];
}

/** The delivery log's tables: what the rows-per-delivery target counts (the activity stream is per event). */
const DELIVERY_LOG_TABLES = ['deliveries', 'delivery_attempts', 'delivery_request_bodies'];

/** Rows of the delivery log written per delivery. */
export const deliveryLogRows = (rows: RowsPerUnit) =>
  round(
    DELIVERY_LOG_TABLES.reduce((sum, table) => sum + (rows.byTable[table] ?? 0), 0),
    2,
  );
