import type { ApiFieldsByApi, SubscriptionApi } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
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
 * Where a listing may look: everything (system admins), or the namespaces and the repositories
 * (paired by name) someone administers. It only narrows the rows read; the permission rule still
 * decides on each.
 */
export type SubscriptionReach =
  | 'everything'
  | { namespaces: readonly string[]; repositories: ReadonlyArray<{ namespace: string; repository: string }> };

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

/** What matching events needs of an active subscription (the dispatcher's index). */
export type SubscriptionTargetRow = Pick<Subscription, 'id' | 'eventTypes' | 'namespace' | 'repository'>;

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

  /** The subscriptions of `api` matching `filter` within `reach`, oldest first (as DTR lists them). */
  async listWithin<A extends SubscriptionApi>(
    api: A,
    filter: SubscriptionFilter<A>,
    reach: SubscriptionReach,
  ): Promise<SubscriptionOf<A>[]> {
    const query = withinReach(this.filtered(api, filter).orderBy('s.created_at', 'ASC'), reach);
    return (await query.getMany()).filter((found) => isSubscriptionOf(found, api));
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

  /** Turns off every active subscription `authorId` made, in the caller's transaction; returns their ids. */
  async deactivateAuthoredBy(authorId: string, transaction: Transaction): Promise<string[]> {
    const [rows] = (await managerFor(this.dataSource, transaction).query(
      `UPDATE subscriptions SET inactive = true, inactive_reason = 'author-deactivated'
        WHERE author_id = $1 AND NOT inactive
        RETURNING id`,
      [authorId],
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

  /** Every active subscription, as matching needs it. */
  listActiveTargets(): Promise<SubscriptionTargetRow[]> {
    return this.subscriptions.find({
      where: { inactive: false },
      select: ['id', 'eventTypes', 'namespace', 'repository'],
    });
  }

  /** One subscription as matching needs it, when it exists and is active. */
  async findActiveTarget(id: string): Promise<SubscriptionTargetRow | null> {
    const subscription = await this.subscriptions.findOne({
      where: { id },
      select: ['id', 'eventTypes', 'namespace', 'repository', 'inactive'],
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
      query.andWhere('s.api_fields ->> :apiFieldName = :apiFieldValue', {
        apiFieldName: filter.apiField.name,
        apiFieldValue: filter.apiField.value,
      });
    }
    return query;
  }
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
      reachNamespaces: [...reach.namespaces],
      reachRepositoryNamespaces: reach.repositories.map((r) => r.namespace),
      reachRepositories: reach.repositories.map((r) => r.repository),
    },
  );
}
