/** The type of one column of a listing's order, which says how its value travels in a page start. */
export type KeyType = 'timestamptz' | 'uuid' | 'text';

export interface KeyColumn {
  /** The column's name in its table (qualified with the query's alias where used). */
  column: string;
  type: KeyType;
}

/** A page start that no page of this listing handed out: a bad or altered token, or another listing's. */
export class InvalidPageStart extends Error {
  constructor() {
    super('pageStart must be the X-Next-Page-Start of a previous page');
  }
}

/** `$n` placeholders for one statement, numbered in the order values are added. */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A timestamptz as the key carries it: UTC with PostgreSQL's full (microsecond) precision. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d{6}Z$/;
const TIMESTAMP_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * A listing's order: unique key columns compared as one row, all ascending or all descending, so a
 * page starts right after the last row of the page before it (keyset paging: however deep the
 * page, an index finds its first row, where OFFSET would read and skip every row before it).
 * Keys travel in page starts as text at the database's own precision: a JavaScript Date keeps
 * milliseconds, a timestamptz microseconds, so a Date taken from the last row would repeat or
 * skip rows created within the same millisecond.
 */
export class Keyset {
  constructor(
    private readonly columns: readonly KeyColumn[],
    readonly direction: 'ASC' | 'DESC' = 'ASC',
  ) {}

  /** `a.x ASC, a.y ASC` */
  orderBy(alias: string): string {
    return this.columns.map(({ column }) => `${alias}.${column} ${this.direction}`).join(', ');
  }

  /** The condition of the rows after `start` in this order (`TRUE` from the first row). */
  after(alias: string, start: readonly string[] | undefined, parameters: SqlParameters): string {
    if (!start) return 'TRUE';
    const row = this.columns.map(({ column }) => `${alias}.${column}`).join(', ');
    const values = this.columns.map(({ type }, i) => `${parameters.add(start[i])}::${type}`);
    return `(${row}) ${this.direction === 'ASC' ? '>' : '<'} (${values.join(', ')})`;
  }

  /** The key of each row as text, in columns `__key0`, `__key1`, … (see keyOf). */
  select(alias: string): string {
    return this.columns
      .map(({ column, type }, i) => {
        const value =
          type === 'timestamptz'
            ? `to_char(${alias}.${column} AT TIME ZONE 'UTC', ${TIMESTAMP_TEXT})`
            : `${alias}.${column}::text`;
        return `${value} AS "__key${i}"`;
      })
      .join(', ');
  }

  /** The key of a row read with `select`. */
  keyOf(row: Record<string, unknown>): string[] {
    return this.columns.map((_, i) => row[`__key${i}`] as string);
  }

  /** The row without its key columns (built afresh: deleting properties would slow every row down). */
  withoutKey<T>(row: Record<string, unknown>): T {
    const item: Record<string, unknown> = {};
    for (const name in row) if (!name.startsWith('__key')) item[name] = row[name];
    return item as T;
  }

  /** The page start that continues after `key`: opaque to clients. */
  encode(key: readonly string[]): string {
    return Buffer.from(JSON.stringify(key)).toString('base64url');
  }

  /** The key in a page start, checked so that nothing malformed reaches SQL. */
  decode(pageStart: string): string[] {
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(pageStart, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidPageStart();
    }
    if (
      !Array.isArray(key) ||
      key.length !== this.columns.length ||
      !key.every((value, i) => typeof value === 'string' && fits(value, this.columns[i].type))
    ) {
      throw new InvalidPageStart();
    }
    return key as string[];
  }
}

function fits(value: string, type: KeyType): boolean {
  if (value.includes('\0')) return false;
  if (type === 'uuid') return UUID.test(value);
  if (type === 'text') return true;
  const match = TIMESTAMP.exec(value);
  // JavaScript accepts 2024-02-30 as 1 March; PostgreSQL refuses it, so the date must read back unchanged.
  const date = match && new Date(`${match[1]}Z`);
  return Boolean(date && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === match![1]);
}
