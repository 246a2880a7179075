import Cursor from 'pg-cursor';
import type { PoolClient } from 'pg';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Keyset, SqlParameters } from './keyset';

/** Which page to read: `size` rows after the page start a previous page handed out (none: the first). */
export interface PageRequest {
  size: number;
  start?: string;
}

export interface Page<T> {
  items: T[];
  /** The start of the next page, when rows follow this one. */
  nextStart?: string;
}

/** Rows in a fixed order, read a page at a time or all of them in batches. */
export interface Listing<T> {
  /** One page; throws InvalidPageStart for a page start this listing did not hand out. */
  page(request: PageRequest): Promise<Page<T>>;
  /**
   * Every row in order, in batches read from one database cursor (one statement, one snapshot):
   * however many rows there are, memory holds one batch. The cursor holds a pooled connection
   * until the last batch is read or the loop is left.
   */
  batches(): AsyncIterable<T[]>;
}

/**
 * Rows per cursor read: a loopback round trip per 100 rows costs little, and fewer rows in hand
 * at a time leave the young generation fewer to promote while the client drains the answer.
 */
const CURSOR_BATCH_ROWS = 100;

/**
 * What a listing's SQL is written with for one read: its parameters, the keyset's condition,
 * order and key columns at a table alias, and the row limit (empty when reading every row).
 */
export class ListingRead {
  readonly parameters = new SqlParameters();

  constructor(
    private readonly keyset: Keyset,
    private readonly start: string[] | undefined,
    private readonly rowLimit: number | undefined,
  ) {}

  /** A `$n` placeholder for `value`. */
  param(value: unknown): string {
    return this.parameters.add(value);
  }

  /** The rows after the page start, at `alias` (`TRUE` from the first row). */
  after(alias: string): string {
    return this.keyset.after(alias, this.start, this.parameters);
  }

  orderBy(alias: string): string {
    return this.keyset.orderBy(alias);
  }

  /** The key columns to select beside the row's own (they are taken off the rows again). */
  key(alias: string): string {
    return this.keyset.select(alias);
  }

  /** `LIMIT $n` for a page, `` for every row. */
  get limit(): string {
    return this.rowLimit === undefined ? '' : `LIMIT ${this.parameters.add(this.rowLimit)}`;
  }

  /**
   * The rows of `table` (at `alias`, where `condition` holds) in whole namespaces and in single
   * repositories outside them, as a UNION ALL for the caller to order and limit: each namespace
   * and each repository is read by its own index range in the listing's order (LATERAL), at most
   * a page of each, so a page costs the same however many rows the table or a namespace holds.
   */
  within(table: string, alias: string, condition: string, targets: ListingTargets): string {
    const limit = this.limit;
    const range = (target: string, extra: string | undefined) =>
      `SELECT * FROM ${table} ${alias}
        WHERE ${condition} AND ${target}${extra ? ` AND ${extra}` : ''}
        ORDER BY ${this.orderBy(alias)} ${limit}`;
    const parts = targets.namespaces.map(
      ({ names, condition: extra }) =>
        `SELECT ${alias}.* FROM unnest(${this.param(names)}::text[]) AS o(namespace)
          CROSS JOIN LATERAL (${range(`${alias}.namespace = o.namespace`, extra)}) ${alias}`,
    );
    const { pairs, column = 'repository', condition: extra } = targets.repositories;
    const allNamespaces = targets.namespaces.flatMap(({ names }) => names);
    parts.push(
      `SELECT ${alias}.* FROM unnest(${this.param(pairs.map((pair) => pair.namespace))}::text[],
                                     ${this.param(pairs.map((pair) => pair.repository))}::text[])
                        AS g(namespace, repository)
        CROSS JOIN LATERAL (${range(`${alias}.namespace = g.namespace AND ${alias}.${column} = g.repository`, extra)}) ${alias}
       WHERE g.namespace <> ALL(${this.param(allNamespaces)}::text[])`,
    );
    return parts.join('\n UNION ALL\n');
  }
}

/**
 * What a caller reaches in a table of namespaced rows: whole namespaces, in groups that each keep
 * to their own `condition`, and single repositories (named in `column`, `repository` by default);
 * a repository in one of the namespaces is read there only.
 */
export interface ListingTargets {
  namespaces: Array<{ names: readonly string[]; condition?: string }>;
  repositories: {
    pairs: ReadonlyArray<{ namespace: string; repository: string }>;
    column?: string;
    condition?: string;
  };
}

/**
 * A listing over SQL written for a ListingRead: it selects the key columns (`read.key`), keeps to
 * the rows after the start (`read.after`), orders by the keyset (`read.orderBy`) and ends with
 * `read.limit`. Rows are mapped by `map` once their key columns are taken off.
 */
export function sqlListing<T>(
  dataSource: DataSource,
  keyset: Keyset,
  sql: (read: ListingRead) => string,
  map: (row: Record<string, unknown>) => T = (row) => row as T,
): Listing<T> {
  const toItem = (row: Record<string, unknown>) => map(keyset.withoutKey(row));
  return {
    async page({ size, start }) {
      const read = new ListingRead(keyset, start === undefined ? undefined : keyset.decode(start), size + 1);
      const text = sql(read);
      const rows = (await dataSource.query(text, read.parameters.values)) as Array<Record<string, unknown>>;
      const shown = rows.slice(0, size);
      return {
        items: shown.map(toItem),
        nextStart: rows.length > size ? keyset.encode(keyset.keyOf(shown[size - 1])) : undefined,
      };
    },
    async *batches() {
      const read = new ListingRead(keyset, undefined, undefined);
      const text = sql(read);
      const runner = dataSource.createQueryRunner();
      let cursor: Cursor<Record<string, unknown>> | undefined;
      let failed = false;
      try {
        const client = (await runner.connect()) as PoolClient;
        cursor = client.query(new Cursor<Record<string, unknown>>(text, read.parameters.values));
        let rows: Array<Record<string, unknown>>;
        do {
          try {
            rows = await cursor.read(CURSOR_BATCH_ROWS);
          } catch (error) {
            // The statement ended with the error; a closing round trip could wait on a dead connection.
            failed = true;
            throw error;
          }
          if (rows.length > 0) yield rows.map(toItem);
        } while (rows.length > 0);
      } finally {
        // Also when left early (the client went away): the portal is closed before the connection goes back.
        if (!failed) await cursor?.close();
        await runner.release();
      }
    },
  };
}

/**
 * `a."column" AS "property", …` for every column of `entity`: rows read with it have the entity's
 * properties, typed by node-postgres as TypeORM would hydrate them (none of the entities listed
 * has a transformer, an embedded or a relation column, which this does not map).
 */
export function entityColumns(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  return dataSource
    .getMetadata(entity)
    .columns.map((column) => {
      if (column.transformer || column.embeddedMetadata || column.relationMetadata) {
        throw new Error(`entityColumns cannot map ${column.propertyName}`);
      }
      return `${alias}."${column.databaseName}" AS "${column.propertyName}"`;
    })
    .join(', ');
}
