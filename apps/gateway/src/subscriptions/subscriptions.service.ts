import { AccessScope, adminGrants, PermissionService, subscriptionAccess } from '@hookyard/auth';
import { generateSigningSecret } from '@hookyard/delivery';
import type { EventType, SubscriptionApi } from '@hookyard/events';
import { Account, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Brackets, EntityManager, FindOptionsWhere, Repository, SelectQueryBuilder } from 'typeorm';
import { SubscriptionChangePublisher } from '@hookyard/queue';

export interface NewSubscription {
  api: SubscriptionApi;
  eventTypes: EventType[];
  namespace: string | null;
  repository: string | null;
  key: string | null;
  endpoint: string;
  tlsCert?: string;
  skipTlsVerification?: boolean;
  /** The API's own signing secret (Alauda); otherwise a `whsec_` secret is generated. */
  secret?: string;
  apiFields?: Record<string, unknown>;
}

/** The one subscription store behind every API: writes here always notify the dispatchers. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly changes: SubscriptionChangePublisher,
    private readonly permissions: PermissionService,
  ) {}

  async create(author: Account, input: NewSubscription): Promise<Subscription> {
    const subscription = this.subscriptions.create({
      id: randomBytes(32).toString('hex'),
      api: input.api,
      eventTypes: input.eventTypes,
      namespace: input.namespace,
      repository: input.repository,
      key: input.key,
      endpoint: input.endpoint,
      authorId: author.id,
      tlsCert: input.tlsCert ?? '',
      skipTlsVerification: input.skipTlsVerification ?? false,
      secret: input.secret ?? generateSigningSecret(),
      apiFields: input.apiFields ?? {},
      lastSuccessfulAt: null,
      inactive: false,
      inactiveReason: null,
      consecutiveFailures: 0,
    });
    const saved = await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  findOne(api: SubscriptionApi, id: string): Promise<Subscription | null> {
    return this.subscriptions.findOneBy({ api, id });
  }

  /**
   * The subscriptions of `api` matching `where` that `account` may administer now, whoever made
   * them; newest last, as DTR lists them. SQL narrows them to the account's namespaces and
   * repository grants, the permission rule then decides on each.
   */
  async listAdministered(
    account: Account,
    api: SubscriptionApi,
    where: FindOptionsWhere<Subscription> = {},
  ): Promise<Subscription[]> {
    const scope = await this.permissions.scopeOf(account);
    const query = this.administeredQuery(scope)
      .andWhere({ ...where, api })
      .orderBy('s.created_at', 'ASC');
    const candidates = await query.getMany();
    return candidates.filter((subscription) => subscriptionAccess(scope, subscription) === 'administer');
  }

  /**
   * Subscriptions (alias `s`) in the account's namespaces and repository grants: every one it may
   * administer, and few others (subscriptionAccess decides on each).
   */
  administeredQuery(scope: AccessScope): SelectQueryBuilder<Subscription> {
    const query = this.subscriptions.createQueryBuilder('s');
    if (!scope.systemAdmin) {
      const granted = adminGrants(scope);
      query.andWhere(
        new Brackets((reachable) =>
          reachable.where('s.namespace = ANY(:owned)', { owned: [...scope.ownedNamespaces] }).orWhere(
            `EXISTS (SELECT 1 FROM unnest(:grantNamespaces::text[], :grantRepositories::text[]) AS g(namespace, repository)
                      WHERE g.namespace = s.namespace AND g.repository = s.repository)`,
            {
              grantNamespaces: granted.map((grant) => grant.namespace),
              grantRepositories: granted.map((grant) => grant.repository),
            },
          ),
        ),
      );
    }
    return query;
  }

  /** One subscription of `api` by a query of its own columns (e.g. a JSON field of the API's). */
  async findOneWhere(
    api: SubscriptionApi,
    where: FindOptionsWhere<Subscription>,
  ): Promise<Subscription | null> {
    return this.subscriptions.findOneBy({ ...where, api });
  }

  async update(subscription: Subscription, changes: Partial<Subscription>): Promise<Subscription> {
    Object.assign(subscription, changes);
    const saved = await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  /**
   * Deactivates, in `manager`'s transaction, every active subscription `authorId` made; returns
   * their ids for `announce` once the transaction committed.
   */
  async deactivateAuthoredBy(manager: EntityManager, authorId: string): Promise<string[]> {
    const rows = (await manager.query(
      `UPDATE subscriptions SET inactive = true, inactive_reason = 'author-deactivated'
        WHERE author_id = $1 AND NOT inactive
        RETURNING id`,
      [authorId],
    )) as [Array<{ id: string }>, number];
    return rows[0].map((row) => row.id);
  }

  /** Tells dispatchers and workers about committed changes made outside this service's writes. */
  async announce(ids: string[]): Promise<void> {
    for (const id of ids) await this.changes.changed(id);
  }

  async remove(subscription: Subscription): Promise<void> {
    const id = subscription.id;
    await this.subscriptions.delete({ id });
    await this.changes.changed(id);
  }
}

/**
 * The change that turns a subscription on or off through an API. Turning it off keeps the reason
 * of one already off; turning it on clears the reason and starts a fresh run of failures, or the
 * next failure could deactivate it again.
 */
export function activation(subscription: Subscription, active: boolean): Partial<Subscription> {
  if (active) return { inactive: false, inactiveReason: null, consecutiveFailures: 0 };
  return subscription.inactive ? {} : { inactive: true, inactiveReason: 'paused' };
}
