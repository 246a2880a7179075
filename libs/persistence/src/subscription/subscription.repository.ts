import type { ApiFieldsByApi, EventType, SubscriptionApi } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { Keyset } from '../listing/keyset';
import { entityColumns, Listing, ListingRead, sqlListing } from '../listing/listing';
import { managerFor, Transaction } from '../transactions';
import { InactiveReason, isSubscriptionOf, Subscription, SubscriptionOf } from './subscription.entity';

/** A new subscription's columns, for any one API; `createdAt` is set by PostgreSQL. */
export type NewSubscriptionRow = Subscription extends infer S
  ? S extends Subscription
    ? Omit<S, 'createdAt'>
    : never
  : never;

/** Which of one API's subscriptions a caller asks for; every field given must match. */
export interface SubscriptionFilter<A extends SubscriptionApi = SubscriptionApi> {
  id?: string;
  namespace?: string;
  /** null: only subscriptions to the namespace as a whole. */
  repository?: string | null;
  key?: string;
  /** One of the API's own fields (`apiFields`) has this text value. */
  apiField?: { name: keyof ApiFieldsByApi[A] & string; value: string };
}

/**
 * The subscriptions someone administers, in the terms of the table (libs/auth's access-scope.ts
 * derives it from the permission rules): everything (system admins), or the subscriptions of the
 * namespaces they own and of the repositories they administer (paired by name), each but those
 * with an event type their access there does not cover. Subscriptions without event types are in
 * nobody's reach.
 */
export type SubscriptionReach =
  | 'everything'
  | {
      namespaces: readonly string[];
      /** Event types that keep a subscription out of the namespaces' part. */
      excludedInNamespaces: readonly EventType[];
      /**
       * Namespaces administered through a team's `admin` grant on the whole namespace, not owned:
       * every subscription in them but for the repositories' part's excluded types.
       */
      grantedNamespaces?: readonly string[];
      repositories: ReadonlyArray<{ namespace: string; repository: string }>;
      /** Event types that keep a subscription out of the repositories' part. */
      excludedInRepositories: readonly EventType[];
    };

/** healthy: active, last delivery fine; failing: active with failures in a row; inactive: paused or disabled. */
export type SubscriptionHealth = 'healthy' | 'failing' | 'inactive';

/** The console's filters over every API's subscriptions; every field given must match. */
export interface SubscriptionOverviewFilter {
  api?: SubscriptionApi;
  /** Subscriptions firing on this event type. */
  eventType?: string;
  namespace?: string;
  repository?: string;
  health?: SubscriptionHealth;
  /** Text in the endpoint, the key, or the API's name/title field (case-insensitive). */
  text?: string;
}

/**
 * What matching events needs of an active subscription (the dispatcher's index): its target, and
 * its options for the tag and repository patterns and whether its deliveries are ordered.
 */
export type SubscriptionTargetRow = Pick<
  Subscription,
  'id' | 'eventTypes' | 'namespace' | 'repository' | 'options'
>;

/** How many subscriptions have static headers sealed under one key id. */
export interface SealedHeadersCount {
  keyId: string;
  subscriptions: number;
}

/** The caps on what one author (not a system admin) may have made: active, and in all; 0 is none. */
export interface SubscriptionCaps {
  active: number;
  stored: number;
}

/** Which cap a save would pass, and how many of that kind the author has besides the one saved. */
export type CapRefusal = { cap: keyof SubscriptionCaps; limit: number; count: number };

/** A save under the per-author caps: saved, or refused. */
export type CappedSave<S> = { saved: S & Subscription } | { refused: CapRefusal };

/** A failed delivery counted on its subscription. */
export interface FailureCount {
  consecutiveFailures: number;
  /** This failure reached the threshold and turned the subscription off. */
  justDisabled: boolean;
}

/** The subscriptions table, for every API, the worker's health bookkeeping and the dispatcher. */
@Injectable()
export class SubscriptionRepository {
  private readonly subscriptions: Repository<Subscription>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.subscriptions = dataSource.getRepository(Subscription);
  }

  /**
   * Saves the subscription: inserts a new one (or, for an id already stored, writes it, as when one
   * is turned on again with no per-account cap); what it returns is typed by its API.
   */
  create<S extends NewSubscriptionRow>(row: S): Promise<S & Subscription> {
    return this.subscriptions.save(row);
  }

  /**
   * Saves an active subscription (inserts a new one) unless its author, not a system admin,
   * already has `caps.active` other active subscriptions or `caps.stored` others in all; then
   * saves nothing and says which cap and how many. One save at a time per author (their account
   * row locked until the insert commits), so parallel creates cannot pass a cap together.
   */
  async saveWithinCaps<S extends NewSubscriptionRow>(row: S, caps: SubscriptionCaps): Promise<CappedSave<S>> {
    return this.dataSource.transaction(async (manager) => {
      const [author] = (await manager.query('SELECT is_admin FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [
        row.authorId,
      ])) as Array<{ is_admin: boolean }>;
      if (!author?.is_admin) {
        // A statement after the lock: it sees what the author's previous save committed.
        const [counts] = (await manager.query(
          `SELECT count(*) FILTER (WHERE NOT inactive)::int AS active, count(*)::int AS stored
             FROM subscriptions WHERE author_id = $1 AND id <> $2`,
          [row.authorId, row.id],
        )) as Array<Record<keyof SubscriptionCaps, number>>;
        for (const cap of ['stored', 'active'] as const) {
          if (caps[cap] > 0 && counts[cap] >= caps[cap]) {
            return { refused: { cap, limit: caps[cap], count: counts[cap] } };
          }
        }
      }
      return { saved: await manager.getRepository(Subscription).save(row) };
    });
  }

  findById(id: string): Promise<Subscription | null> {
    return this.subscriptions.findOneBy({ id });
  }

  /** One subscription of `api` by id: each API finds only its own. */
  findOfApi<A extends SubscriptionApi>(api: A, id: string): Promise<SubscriptionOf<A> | null> {
    return this.findOne(api, { id });
  }

  /** The first subscription of `api` matching `filter` (e.g. Alauda's hook id in its own fields). */
  async findOne<A extends SubscriptionApi>(
    api: A,
    filter: SubscriptionFilter<A>,
  ): Promise<SubscriptionOf<A> | null> {
    const found = await this.filtered(api, filter).limit(1).getOne();
    return found && isSubscriptionOf(found, api) ? found : null;
  }

  /**
   * The subscriptions of `api` matching `filter` within `reach`, oldest first (as DTR lists them;
   * then by id). Within a reach, each owned namespace and each administered repository is read
   * by its own index range (LATERAL), at most a page of each, so a page costs the same however
   * many subscriptions the installation or a namespace holds.
   */
  listWithin<A extends SubscriptionApi>(
    api: A,
    filter: SubscriptionFilter<A>,
    reach: SubscriptionReach,
  ): Listing<SubscriptionOf<A>> {
    return sqlListing(
      this.dataSource,
      OLDEST_FIRST,
      (read) =>
        this.withinReach(read, reach, `${this.conditions(read, 's', api, filter)} AND ${read.after('s')}`),
      (row) => row as unknown as SubscriptionOf<A>,
    );
  }

  /**
   * Every API's subscriptions within `reach` matching `filter`, newest first by (createdAt, id),
   * read as listWithin reads one API's.
   */
  listOverview(filter: SubscriptionOverviewFilter, reach: SubscriptionReach): Listing<Subscription> {
    return sqlListing(this.dataSource, NEWEST_FIRST, (read) =>
      this.withinReach(read, reach, `${overviewConditions(read, 's', filter)} AND ${read.after('s')}`),
    );
  }

  /** The id of a new Alauda hook: Alauda's ids are integers, from a sequence of their own. */
  async nextAlaudaHookId(): Promise<number> {
    const [{ id }] = (await this.dataSource.query(`SELECT nextval('alauda_hook_ids')::int AS id`)) as Array<{
      id: number;
    }>;
    return id;
  }

  /** Writes the subscription's changed columns. */
  save<S extends Subscription>(subscription: S): Promise<S> {
    return this.subscriptions.save(subscription);
  }

  async delete(id: string): Promise<void> {
    await this.subscriptions.delete({ id });
  }

  /**
   * Turns off every active subscription `authorId` made, in the caller's transaction, for `reason`
   * (its author deactivated or deleted); returns their ids.
   */
  async deactivateAuthoredBy(
    authorId: string,
    transaction: Transaction,
    reason: Extract<InactiveReason, 'author-deactivated' | 'author-deleted'> = 'author-deactivated',
  ): Promise<string[]> {
    const [rows] = (await managerFor(this.dataSource, transaction).query(
      `UPDATE subscriptions SET inactive = true, inactive_reason = $2
        WHERE author_id = $1 AND NOT inactive
        RETURNING id`,
      [authorId, reason],
    )) as [Array<{ id: string }>, number];
    return rows.map((row) => row.id);
  }

  /**
   * Deletes, in the caller's transaction, every subscription (of any API) pointing at the
   * repository, or with `repository` null at the namespace or anything in it; returns their ids.
   */
  async deleteTargeting(
    namespace: string,
    repository: string | null,
    transaction: Transaction,
  ): Promise<string[]> {
    const [rows] = (await managerFor(this.dataSource, transaction).query(
      `DELETE FROM subscriptions WHERE namespace = $1 AND ($2::text IS NULL OR repository = $2) RETURNING id`,
      [namespace, repository],
    )) as [Array<{ id: string }>, number];
    return rows.map((row) => row.id);
  }

  /** Deliveries to these subscriptions succeeded at `at`: their runs of failures end. */
  async recordSuccesses(ids: string[], at: Date): Promise<void> {
    await this.dataSource.query(
      'UPDATE subscriptions SET last_successful_at = $2, consecutive_failures = 0 WHERE id = ANY($1)',
      [ids, at],
    );
  }

  /**
   * One delivery to `id` failed for good: counts it, and turns the subscription off when the run
   * reaches `disableAfter`. One statement, so concurrent workers count every failure and only one
   * of them sees `justDisabled`. Undefined when the subscription is gone.
   */
  async recordFailure(id: string, disableAfter: number): Promise<FailureCount | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE subscriptions
         SET consecutive_failures = consecutive_failures + 1,
             inactive = inactive OR consecutive_failures + 1 >= $2,
             inactive_reason = CASE WHEN NOT inactive AND consecutive_failures + 1 >= $2
                                    THEN 'failed-deliveries' ELSE inactive_reason END
       WHERE id = $1
       RETURNING consecutive_failures, (consecutive_failures = $2) AS just_disabled`,
      [id, disableAfter],
    )) as [Array<{ consecutive_failures: number; just_disabled: boolean }>, number];
    const row = rows[0];
    return row && { consecutiveFailures: row.consecutive_failures, justDisabled: row.just_disabled };
  }

  /** Turns an active subscription off for `reason`; false when it was off already (or is gone). */
  async deactivate(id: string, reason: InactiveReason): Promise<boolean> {
    const { affected } = await this.subscriptions.update(
      { id, inactive: false },
      { inactive: true, inactiveReason: reason },
    );
    return Boolean(affected);
  }

  /**
   * The `eventConfig.vulnerability.priority` of every Quay vulnerability_found notification of one
   * repository, as stored (any JSON value, or null where absent).
   */
  async quayVulnerabilityPriorities(namespace: string, repository: string): Promise<unknown[]> {
    const rows = (await this.dataSource.query(
      `SELECT api_fields -> 'eventConfig' -> 'vulnerability' -> 'priority' AS priority
         FROM subscriptions
        WHERE api = 'quay' AND namespace = $1 AND repository = $2
          AND api_fields ->> 'event' = 'vulnerability_found'`,
      [namespace, repository],
    )) as Array<{ priority: unknown }>;
    return rows.map((row) => row.priority);
  }

  /** The subscriptions with static headers, counted by the id of the key that sealed them. */
  async countSealedHeadersByKeyId(): Promise<SealedHeadersCount[]> {
    const rows = (await this.dataSource.query(
      `SELECT split_part(options -> 'headers' ->> 'sealed', '.', 2) AS key_id, count(*)::int AS subscriptions
         FROM subscriptions WHERE options ? 'headers' GROUP BY 1`,
    )) as Array<{ key_id: string; subscriptions: number }>;
    return rows.map((row) => ({ keyId: row.key_id, subscriptions: row.subscriptions }));
  }

  /** Every active subscription, as matching needs it. */
  listActiveTargets(): Promise<SubscriptionTargetRow[]> {
    return this.subscriptions.find({
      where: { inactive: false },
      select: ['id', 'eventTypes', 'namespace', 'repository', 'options'],
    });
  }

  /** One subscription as matching needs it, when it exists and is active. */
  async findActiveTarget(id: string): Promise<SubscriptionTargetRow | null> {
    const subscription = await this.subscriptions.findOne({
      where: { id },
      select: ['id', 'eventTypes', 'namespace', 'repository', 'options', 'inactive'],
    });
    if (!subscription || subscription.inactive) return null;
    const { inactive: _inactive, ...target } = subscription;
    return target;
  }

  /**
   * The SQL of a listing of the subscriptions `matching` (SQL at alias `s`) within `reach`, in the
   * listing's order: each owned or granted namespace and each administered repository read by its
   * own index range (ListingRead.within), but for the event types the reach excludes there.
   */
  private withinReach(read: ListingRead, reach: SubscriptionReach, matching: string): string {
    const columns = `${entityColumns(this.dataSource, Subscription, 's')}, ${read.key('s')}`;
    if (reach === 'everything') {
      return `SELECT ${columns} FROM subscriptions s WHERE ${matching} ORDER BY ${read.orderBy('s')} ${read.limit}`;
    }
    const without = (types: readonly EventType[]) => `NOT (s.event_types && ${read.param(types)}::text[])`;
    const excludedInRepositories = without(reach.excludedInRepositories);
    const rows = read.within('subscriptions', 's', matching, {
      namespaces: [
        { names: reach.namespaces, condition: without(reach.excludedInNamespaces) },
        { names: reach.grantedNamespaces ?? [], condition: excludedInRepositories },
      ],
      repositories: { pairs: reach.repositories, condition: excludedInRepositories },
    });
    return `SELECT ${columns} FROM (${rows}) s ORDER BY ${read.orderBy('s')} ${read.limit}`;
  }

  private filtered<A extends SubscriptionApi>(
    api: A,
    filter: SubscriptionFilter<A>,
  ): SelectQueryBuilder<Subscription> {
    const query = this.subscriptions.createQueryBuilder('s').where('s.api = :api', { api });
    const { id, namespace, repository, key } = filter;
    if (id !== undefined) query.andWhere('s.id = :id', { id });
    if (namespace !== undefined) query.andWhere('s.namespace = :namespace', { namespace });
    if (repository === null) query.andWhere('s.repository IS NULL');
    else if (repository !== undefined) query.andWhere('s.repository = :repository', { repository });
    if (key !== undefined) query.andWhere('s.key = :key', { key });
    if (filter.apiField) {
      query.andWhere(`${apiFieldText('s', filter.apiField.name)} = :apiFieldValue`, {
        apiFieldValue: filter.apiField.value,
      });
    }
    return query;
  }

  /** The SQL of `api` and `filter` at `alias`, for listings: subscriptions without event types are nobody's. */
  private conditions<A extends SubscriptionApi>(
    read: ListingRead,
    alias: string,
    api: A,
    filter: SubscriptionFilter<A>,
  ): string {
    const conditions = [`${alias}.api = ${read.param(api)}`, `cardinality(${alias}.event_types) > 0`];
    const { id, namespace, repository, key, apiField } = filter;
    if (id !== undefined) conditions.push(`${alias}.id = ${read.param(id)}`);
    if (namespace !== undefined) conditions.push(`${alias}.namespace = ${read.param(namespace)}`);
    if (repository === null) conditions.push(`${alias}.repository IS NULL`);
    else if (repository !== undefined) conditions.push(`${alias}.repository = ${read.param(repository)}`);
    if (key !== undefined) conditions.push(`${alias}.key = ${read.param(key)}`);
    if (apiField) conditions.push(`${apiFieldText(alias, apiField.name)} = ${read.param(apiField.value)}`);
    return conditions.join(' AND ');
  }
}

/** The listing order of subscriptions: oldest first, then by id. */
const OLDEST_FIRST = new Keyset([
  { column: 'created_at', type: 'timestamptz' },
  { column: 'id', type: 'text' },
]);

/** The console's order: newest first, then by id. */
const NEWEST_FIRST = new Keyset(
  [
    { column: 'created_at', type: 'timestamptz' },
    { column: 'id', type: 'text' },
  ],
  'DESC',
);

/** The SQL of the console's `filter` at `alias`: subscriptions without event types are nobody's. */
function overviewConditions(read: ListingRead, alias: string, filter: SubscriptionOverviewFilter): string {
  const conditions = [`cardinality(${alias}.event_types) > 0`];
  if (filter.api) conditions.push(`${alias}.api = ${read.param(filter.api)}`);
  if (filter.eventType) conditions.push(`${read.param(filter.eventType)} = ANY(${alias}.event_types)`);
  if (filter.namespace) conditions.push(`${alias}.namespace = ${read.param(filter.namespace)}`);
  if (filter.repository) conditions.push(`${alias}.repository = ${read.param(filter.repository)}`);
  if (filter.health === 'inactive') conditions.push(`${alias}.inactive`);
  if (filter.health === 'failing')
    conditions.push(`NOT ${alias}.inactive AND ${alias}.consecutive_failures > 0`);
  if (filter.health === 'healthy')
    conditions.push(`NOT ${alias}.inactive AND ${alias}.consecutive_failures = 0`);
  if (filter.text) {
    const pattern = read.param(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(
      `(${alias}.endpoint ILIKE ${pattern} OR COALESCE(${alias}.key, '') ILIKE ${pattern}
        OR COALESCE(${alias}.api_fields ->> 'name', ${alias}.api_fields ->> 'title', '') ILIKE ${pattern})`,
    );
  }
  return conditions.join(' AND ');
}

/**
 * `alias.api_fields ->> 'name'`, the name written into the SQL (a field name from the code, never
 * from a request) so that the expression indexes on API fields match it.
 */
function apiFieldText(alias: string, name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not an API field name: ${name}`);
  return `${alias}.api_fields ->> '${name}'`;
}
