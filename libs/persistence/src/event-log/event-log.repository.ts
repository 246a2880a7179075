import { type EventType, OPERATIONAL_EVENT_TYPES } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { copyField, copyIn } from '../copy-text';
import { Keyset } from '../listing/keyset';
import { entityColumns, Listing, ListingRead, sqlListing } from '../listing/listing';
import type { RegistryRepositoryName, RepositoryReach } from '../repository/registry-repository.repository';
import { PRUNE_BATCH, pruneInBatches } from '../prune-in-batches';
import { managerFor, Transaction } from '../transactions';
import { EventLogEntry } from './event-log-entry.entity';
import { UNSTORABLE_ESCAPE } from './storable-event';

/**
 * The events a caller may read, unless it may read everything: those of the repositories it
 * reaches, and where it administers them the ADMIN_EVENT_TYPES too, but none published before the
 * last deletion of their namespace's account (NamespaceDeletion), nor, in a repository reached
 * through a grant, before the last deletion of a repository of its name (RepositoryDeletion).
 */
export interface EventLogReach extends RepositoryReach {
  adminNamespaces: string[];
  adminRepositories: RepositoryReach['repositories'];
}

/**
 * Events shown only where the caller administers the repository (or the whole namespace, for those
 * of no repository): pulls, as DTR shows them to repository admins only, and the operational
 * events, which describe webhooks (ids, failures, the endpoint's address in errors) that only
 * their admins see.
 */
export const ADMIN_EVENT_TYPES: EventType[] = ['TAG_PULL', 'MANIFEST_PULL', ...OPERATIONAL_EVENT_TYPES];

/** Which events to list, newest first; every filter is optional. */
export interface EventLogQuery {
  type?: EventType;
  namespace?: string;
  repository?: string;
  actor?: string;
  publishedBefore?: Date;
  publishedAfter?: Date;
  reach: 'everything' | EventLogReach;
}

/**
 * Records a JSON array of canonical events (the stream's entries as they were read, so the
 * recording process parses nothing) and counts them in their repositories' pulls (manifest pulls)
 * and pushes (tag pushes). $1: the array; $2: when they were read, for events without ingest's
 * acceptedAt. `conflict`: '' (a plain insert) or RECORDED_BEFORE.
 *
 * json_to_recordset parses each event once (an operator per field parsed it once per field: a
 * third of PostgreSQL's cost of the stream), and `event` keeps only what the columns do not: the
 * listing's occurredAt, source and contents (RecordedEvent).
 */
const recordEvents = (conflict: string) => `
  WITH recorded AS (
    INSERT INTO event_log (id, type, namespace, repository, actor, published_at, event)
    SELECT e.id, e.type, e.namespace, e.repository,
           CASE WHEN json_typeof(a.author) = 'string' THEN a.author #>> '{}' ELSE '' END,
           coalesce(e."acceptedAt", $2::timestamptz),
           json_build_object('occurredAt', e."occurredAt", 'source', e.source, 'contents', e.contents)
      FROM json_to_recordset($1::json) AS e(id text, type text, namespace text, repository text,
                                            "occurredAt" text, source text, contents json, "acceptedAt" timestamptz)
     CROSS JOIN LATERAL (SELECT e.contents->'author' AS author) a
    ${conflict}
    RETURNING type, namespace, repository),
  counted AS (
    SELECT namespace, repository,
           count(*) FILTER (WHERE type = 'MANIFEST_PULL') AS pulls,
           count(*) FILTER (WHERE type = 'TAG_PUSH') AS pushes
      FROM recorded WHERE type IN ('MANIFEST_PULL', 'TAG_PUSH') AND repository IS NOT NULL
     GROUP BY namespace, repository)
  UPDATE registry_repositories r SET pulls = r.pulls + c.pulls, pushes = r.pushes + c.pushes
    FROM counted c WHERE r.namespace = c.namespace AND r.name = c.repository`;

/**
 * Skips the events recorded before (read again by a consumer that died before acknowledging
 * them): neither recorded nor counted again.
 */
const RECORDED_BEFORE = 'ON CONFLICT (id) DO NOTHING';

/**
 * A batch's first try: a plain insert. ON CONFLICT's speculative insertion checks the id's index
 * before each row and logs a confirmation record after it, about a sixth of PostgreSQL's CPU per
 * recorded event (bench/README.md, "The activity stream's cost"), for the rare batch read again.
 */
const RECORD_NEW_EVENTS = recordEvents('');
/** A batch holding an event recorded before: again, skipping those. */
const RECORD_EVENTS = recordEvents(RECORDED_BEFORE);

/** The activity stream: every accepted event, written in batches, listed newest first, pruned by age. */
@Injectable()
export class EventLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records canonical events given as JSON text; those recorded already are left as they are.
   * `readAt` (ISO) publishes the events without an `acceptedAt`. A batch goes by COPY
   * (recordByCopy) when its entries allow it, else, and when one was recorded before, in one
   * statement (RECORD_NEW_EVENTS, then RECORD_EVENTS).
   */
  async record(json: string[], readAt: string): Promise<void> {
    const copy = copyBatch(json, readAt);
    if (copy && (await this.recordByCopy(copy))) return;
    const parameters = [`[${json.join(',')}]`, readAt];
    if (!copy) {
      try {
        return void (await this.dataSource.query(RECORD_NEW_EVENTS, parameters));
      } catch (error) {
        if (!recordedBefore(error)) throw error;
      }
    }
    await this.dataSource.query(RECORD_EVENTS, parameters);
  }

  /**
   * One transaction: `COPY event_log FROM STDIN` and the repositories' counts, so a batch is
   * recorded and counted together or not at all. False when an event was recorded before (the
   * COPY's unique violation): nothing was written, and the caller records the batch again by
   * RECORD_EVENTS, which skips those.
   */
  private async recordByCopy({ lines, counts }: CopyBatch): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await client.query('BEGIN');
      try {
        await copyIn(client, COPY_EVENT_LOG, lines);
        if (counts.namespaces.length > 0) {
          await client.query(COUNT_EVENTS, [
            counts.namespaces,
            counts.repositories,
            counts.pulls,
            counts.pushes,
          ]);
        }
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK');
        if (recordedBefore(error)) return false;
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * The events matching `query`, newest first (by publishedAt, then id); within a reach, those of
   * each namespace and repository read by their own index range (ListingRead.within).
   */
  list(query: EventLogQuery): Listing<EventLogEntry> {
    return sqlListing(this.dataSource, NEWEST_FIRST, (read) => {
      const columns = `${entityColumns(this.dataSource, EventLogEntry, 'e')}, ${read.key('e')}`;
      const matching = `${conditions(read, query)} AND ${read.after('e')}`;
      const { reach } = query;
      if (reach === 'everything') {
        return `SELECT ${columns} FROM event_log e WHERE ${matching} ORDER BY ${read.orderBy('e')} ${read.limit}`;
      }
      // Pulls and operational events only where the caller administers the repository.
      const shown = `(e.type <> ALL(${read.param(ADMIN_EVENT_TYPES)}::text[])
          OR e.namespace = ANY(${read.param(reach.adminNamespaces)}::text[])
          OR (e.namespace, e.repository) IN (
               SELECT * FROM unnest(${read.param(reach.adminRepositories.map((r) => r.namespace))}::text[],
                                    ${read.param(reach.adminRepositories.map((r) => r.repository))}::text[])))`;
      // A deleted account's events stay with system admins, not with whoever takes its name next.
      const readable = `${shown} AND NOT EXISTS (SELECT 1 FROM namespace_deletions d
                          WHERE d.namespace = e.namespace AND d.deleted_at >= e.published_at)`;
      // A repository read through a grant shows its own events: not those of a deleted repository
      // of its name (its namespace's readers still read them).
      const sinceDeleted = `NOT EXISTS (SELECT 1 FROM repository_deletions rd
                              WHERE rd.namespace = e.namespace AND rd.name = e.repository AND rd.deleted_at >= e.published_at)`;
      const rows = read.within('event_log', 'e', matching, {
        namespaces: [{ names: reach.namespaces, condition: readable }],
        repositories: { pairs: reach.repositories, condition: `${readable} AND ${sinceDeleted}` },
      });
      return `SELECT ${columns} FROM (${rows}) e
              ORDER BY ${read.orderBy('e')} ${read.limit}`;
    });
  }

  /**
   * In the caller's transaction: the account holding `namespace` is deleted at `deletedAt` (after
   * its last events were published), so its events up to then are no longer read by whoever is
   * given the name next.
   */
  async closeNamespace(namespace: string, deletedAt: Date, transaction: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).query(
      `INSERT INTO namespace_deletions (namespace, deleted_at) VALUES ($1, $2)
       ON CONFLICT (namespace) DO UPDATE SET deleted_at = greatest(namespace_deletions.deleted_at, EXCLUDED.deleted_at)`,
      [namespace, deletedAt],
    );
  }

  /**
   * In the caller's transaction: the repository `name` is deleted at `deletedAt` (after its
   * REPO_DELETED was published), so its events up to then are no longer read by those granted a
   * repository made later under its name.
   */
  async closeRepository(
    name: RegistryRepositoryName,
    deletedAt: Date,
    transaction: Transaction,
  ): Promise<void> {
    await managerFor(this.dataSource, transaction).query(
      `INSERT INTO repository_deletions (namespace, name, deleted_at) VALUES ($1, $2, $3)
       ON CONFLICT (namespace, name) DO UPDATE SET deleted_at = greatest(repository_deletions.deleted_at, EXCLUDED.deleted_at)`,
      [name.namespace, name.name, deletedAt],
    );
  }

  /**
   * Deletes the events published before `cutoff`, PRUNE_BATCH at a time, then the deletion marks
   * older than it: a mark hides only events published up to it, all pruned now, so the marks of
   * accounts and repositories come and gone do not pile up. Returns how many events.
   */
  async pruneBefore(cutoff: Date): Promise<number> {
    const total = await pruneInBatches(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM event_log WHERE id IN (
           SELECT id FROM event_log WHERE published_at < $1 ORDER BY published_at LIMIT ${PRUNE_BATCH})
         RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      cutoff,
    );
    await this.dataSource.query(`DELETE FROM namespace_deletions WHERE deleted_at < $1`, [cutoff]);
    await this.dataSource.query(`DELETE FROM repository_deletions WHERE deleted_at < $1`, [cutoff]);
    return total;
  }
}

/** Whether `error` is the id's primary key refusing an event recorded before (or twice in the batch). */
function recordedBefore(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'PK_event_log';
}

/** The stream entries' rows as COPY's text lines and what they add to their repositories' counts. */
interface CopyBatch {
  lines: string[];
  counts: { namespaces: string[]; repositories: string[]; pulls: number[]; pushes: number[] };
}

const COPY_EVENT_LOG =
  'COPY event_log (id, type, namespace, repository, actor, published_at, event) FROM STDIN';

/** RECORD_EVENTS' count of pulls and pushes, given by the recorder (arrays by column). */
const COUNT_EVENTS = `
  UPDATE registry_repositories r SET pulls = r.pulls + c.pulls, pushes = r.pushes + c.pushes
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS c(namespace, repository, pulls, pushes)
   WHERE r.namespace = c.namespace AND r.name = c.repository`;

/** The fields RECORD_EVENTS reads as text or a time: a string, or absent (SQL null). */
type TextField = string | null | undefined;

interface StreamEntry {
  id: TextField;
  type: TextField;
  namespace: TextField;
  repository: TextField;
  occurredAt: TextField;
  source: TextField;
  acceptedAt: TextField;
  contents?: unknown;
}

const TEXT_FIELDS = ['id', 'type', 'namespace', 'repository', 'occurredAt', 'source', 'acceptedAt'] as const;

/**
 * The rows RECORD_EVENTS would write for `json`, as COPY lines, with the counts it would add; or
 * undefined when an entry is not what ingest writes (not JSON, a field of another type) or holds
 * an escape text cannot carry, so that the statement refuses it or records it as before. `event`
 * is written as json_build_object writes it, byte for byte.
 */
function copyBatch(json: string[], readAt: string): CopyBatch | undefined {
  const lines: string[] = [];
  const counted = new Map<string, { namespace: string; repository: string; pulls: number; pushes: number }>();
  for (const text of json) {
    if (UNSTORABLE_ESCAPE.test(text)) return undefined;
    let entry: StreamEntry;
    try {
      entry = JSON.parse(text) as StreamEntry;
    } catch {
      return undefined;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    for (const field of TEXT_FIELDS) {
      const value = entry[field];
      if (value !== undefined && value !== null && typeof value !== 'string') return undefined;
    }
    const { id, type, namespace, repository, contents } = entry;
    const author = (contents as { author?: unknown } | null | undefined)?.author;
    const event = `{"occurredAt" : ${JSON.stringify(entry.occurredAt ?? null)}, "source" : ${JSON.stringify(
      entry.source ?? null,
    )}, "contents" : ${contents === undefined ? 'null' : JSON.stringify(contents)}}`;
    lines.push(
      `${copyField(id)}\t${copyField(type)}\t${copyField(namespace)}\t${copyField(repository)}\t${
        typeof author === 'string' ? copyField(author) : ''
      }\t${copyField(entry.acceptedAt ?? readAt)}\t${copyField(event)}\n`,
    );
    if (
      (type === 'MANIFEST_PULL' || type === 'TAG_PUSH') &&
      typeof namespace === 'string' &&
      typeof repository === 'string'
    ) {
      const key = JSON.stringify([namespace, repository]);
      let count = counted.get(key);
      if (!count) counted.set(key, (count = { namespace, repository, pulls: 0, pushes: 0 }));
      if (type === 'MANIFEST_PULL') count.pulls++;
      else count.pushes++;
    }
  }
  const counts = [...counted.values()];
  return {
    lines,
    counts: {
      namespaces: counts.map((c) => c.namespace),
      repositories: counts.map((c) => c.repository),
      pulls: counts.map((c) => c.pulls),
      pushes: counts.map((c) => c.pushes),
    },
  };
}

/** The activity stream's order: newest first, then by id. */
const NEWEST_FIRST = new Keyset(
  [
    { column: 'published_at', type: 'timestamptz' },
    { column: 'id', type: 'text' },
  ],
  'DESC',
);

/** The SQL of the query's filters at alias `e`. */
function conditions(read: ListingRead, query: EventLogQuery): string {
  const where = ['TRUE'];
  if (query.type !== undefined) where.push(`e.type = ${read.param(query.type)}`);
  if (query.namespace !== undefined) where.push(`e.namespace = ${read.param(query.namespace)}`);
  if (query.repository !== undefined) where.push(`e.repository = ${read.param(query.repository)}`);
  if (query.actor !== undefined) where.push(`e.actor = ${read.param(query.actor)}`);
  if (query.publishedBefore) where.push(`e.published_at < ${read.param(query.publishedBefore)}`);
  if (query.publishedAfter) where.push(`e.published_at > ${read.param(query.publishedAfter)}`);
  return where.join(' AND ');
}
