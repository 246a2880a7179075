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

/** One page of a newest-first listing: rows before `before` in (createdAt, id) order. */
export interface KeysetPage {
  before?: { createdAt: Date; id: string };
  limit: number;
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

  /** Inserts the subscription; what it returns is typed by its API. */
  create<S extends NewSubscriptionRow>(row: S): Promise<S & Subscription> {
    return this.subscriptions.save(row);
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
      (read) => {
        const matching = (alias: string) =>
          `${this.conditions(read, alias, api, filter)} AND ${read.after(alias)}`;
        const limit = read.limit;
        if (reach === 'everything') {
          return `SELECT ${entityColumns(this.dataSource, Subscription, 's')}, ${read.key('s')}
                    FROM subscriptions s WHERE ${matching('s')}
                   ORDER BY ${read.orderBy('s')} ${limit}`;
        }
        const granted = reach.grantedNamespaces ?? [];
        return `SELECT ${entityColumns(this.dataSource, Subscription, 'u')}, ${read.key('u')} FROM (
                  SELECT s.* FROM unnest(${read.param([...reach.namespaces, ...granted])}::text[],
                                         ${read.param([...reach.namespaces.map(() => true), ...granted.map(() => false)])}::boolean[])
                                  AS o(namespace, owned)
                   CROSS JOIN LATERAL (
                     SELECT * FROM subscriptions s
                      WHERE ${matching('s')} AND s.namespace = o.namespace
                        AND NOT (s.event_types && CASE WHEN o.owned
                                   THEN ${read.param(reach.excludedInNamespaces)}::text[]
                                   ELSE ${read.param(reach.excludedInRepositories)}::text[] END)
                      ORDER BY ${read.orderBy('s')} ${limit}) s
                  UNION ALL
                  SELECT s.* FROM unnest(${read.param(reach.repositories.map((r) => r.namespace))}::text[],
                                         ${read.param(reach.repositories.map((r) => r.repository))}::text[])
                                  AS g(namespace, repository)
                   CROSS JOIN LATERAL (
                     SELECT * FROM subscriptions s
                      WHERE ${matching('s')} AND s.namespace = g.namespace AND s.repository = g.repository
                        AND NOT (s.event_types && ${read.param(reach.excludedInRepositories)}::text[])
                      ORDER BY ${read.orderBy('s')} ${limit}) s
                ) u
                ORDER BY ${read.orderBy('u')} ${limit}`;
      },
      (row) => row as unknown as SubscriptionOf<A>,
    );
  }

  /** Every API's subscriptions within `reach` (e.g. to count what someone administers). */
  listAllWithin(reach: SubscriptionReach): Promise<Subscription[]> {
    return withinReach(this.subscriptions.createQueryBuilder('s'), reach).getMany();
  }

  /**
   * One page of every API's subscriptions within `reach` matching `filter`, newest first by
   * (createdAt, id): keyset paging, so pages stay put while subscriptions are added.
   */
  listOverview(
    filter: SubscriptionOverviewFilter,
    reach: SubscriptionReach,
    page: KeysetPage,
  ): Promise<Subscription[]> {
    const query = withinReach(this.subscriptions.createQueryBuilder('s'), reach)
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(page.limit);
    if (filter.api) query.andWhere('s.api = :api', { api: filter.api });
    if (filter.eventType) query.andWhere(':eventType = ANY(s.event_types)', { eventType: filter.eventType });
    if (filter.namespace) query.andWhere('s.namespace = :namespace', { namespace: filter.namespace });
    if (filter.repository) query.andWhere('s.repository = :repository', { repository: filter.repository });
    if (filter.health === 'inactive') query.andWhere('s.inactive');
    if (filter.health === 'failing') query.andWhere('NOT s.inactive AND s.consecutive_failures > 0');
    if (filter.health === 'healthy') query.andWhere('NOT s.inactive AND s.consecutive_failures = 0');
    if (filter.text) {
      query.andWhere(
        `(s.endpoint ILIKE :pattern OR COALESCE(s.key, '') ILIKE :pattern
          OR COALESCE(s.api_fields ->> 'name', s.api_fields ->> 'title', '') ILIKE :pattern)`,
        { pattern: `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    if (page.before) query.andWhere('(s.created_at, s.id) < (:createdAt, :id)', page.before);
    return query.getMany();
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

/**
 * `alias.api_fields ->> 'name'`, the name written into the SQL (a field name from the code, never
 * from a request) so that the expression indexes on API fields match it.
 */
function apiFieldText(alias: string, name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not an API field name: ${name}`);
  return `${alias}.api_fields ->> '${name}'`;
}

/** Narrows `query` (alias `s`) to `reach`; namespace/repository grants are matched as pairs. */
function withinReach(
  query: SelectQueryBuilder<Subscription>,
  reach: SubscriptionReach,
): SelectQueryBuilder<Subscription> {
  if (reach === 'everything') return query;
  return query.andWhere(
    `(s.namespace = ANY(:reachNamespaces)
      OR EXISTS (SELECT 1 FROM unnest(:reachRepositoryNamespaces::text[], :reachRepositories::text[])
                   AS r(namespace, repository)
                  WHERE r.namespace = s.namespace AND r.repository = s.repository))`,
    {
      reachNamespaces: [...reach.namespaces, ...(reach.grantedNamespaces ?? [])],
      reachRepositoryNamespaces: reach.repositories.map((r) => r.namespace),
      reachRepositories: reach.repositories.map((r) => r.repository),
    },
  );
}
