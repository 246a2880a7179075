import { chunks } from '@hookyard/util';
import type { EntityManager } from 'typeorm';

/** Rows per INSERT statement, well under PostgreSQL's 65535 parameters (10 per row at most). */
const ROWS_PER_STATEMENT = 1000;

/** How one table is written by insertRows. */
export interface Table<T> {
  into: string;
  columns: (row: T) => unknown[];
  onConflict: string;
}

/**
 * `INSERT INTO <table> VALUES … <on conflict>` for `rows`, in statements of at most ROWS_PER_STATEMENT
 * rows. Each statement's parameter array is emptied once it ran: node-postgres keeps a finished
 * query reachable from the old generation until the next full GC (a standalone insert loop
 * promoted each query's text and values; emptying them after the query stopped it), so the rows'
 * strings (events, request bodies and headers) survived every young-generation GC and were
 * promoted, lengthening the worker's scavenge pauses. The rows stay with the caller for a retry.
 */
export async function insertRows<T>(manager: EntityManager, table: Table<T>, rows: T[]): Promise<void> {
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    const { sql, params } = valuesList(chunk, table.columns);
    try {
      await manager.query(`INSERT INTO ${table.into} VALUES ${sql} ${table.onConflict}`, params);
    } finally {
      params.length = 0;
    }
  }
}

/** `($1, $2), ($3, $4)` and its parameters for a multi-row INSERT. */
function valuesList<T>(rows: T[], columns: (row: T) => unknown[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  let width = 0;
  for (const row of rows) {
    const values = columns(row);
    width = values.length;
    for (const value of values) params.push(value);
  }
  return { sql: placeholders(rows.length, width), params };
}

/** `($1, …, $width)` tuples by width and row: batches vary in size, their rows do not. */
const placeholderTuples = new Map<number, string[]>();

function placeholders(rows: number, width: number): string {
  let tuples = placeholderTuples.get(width);
  if (!tuples) placeholderTuples.set(width, (tuples = []));
  for (let row = tuples.length; row < rows; row++)
    tuples.push(
      `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`,
    );
  return tuples.slice(0, rows).join(', ');
}
