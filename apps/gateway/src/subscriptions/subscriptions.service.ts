import { AccessScope, adminGrants, PermissionService, subscriptionAccess } from '@hookyard/auth';
import { generateSigningSecret } from '@hookyard/delivery';
import type { ApiSpecificFields, EventType, SubscriptionApi } from '@hookyard/events';
import { Account, isSubscriptionOf, Subscription, SubscriptionOf } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Brackets, EntityManager, FindOptionsWhere, Repository, SelectQueryBuilder } from 'typeorm';
import { SubscriptionChangePublisher } from '@hookyard/queue';

/** A new subscription: its API and that API's fields, and the columns every subscription has. */
export type NewSubscription = ApiSpecificFields & {
  eventTypes: EventType[];
  namespace: string | null;
  repository: string | null;
  key: string | null;
  endpoint: string;
  tlsCert?: string;
  skipTlsVerification?: boolean;
  /** The API's own signing secret (Alauda); otherwise a `whsec_` secret is generated. */
  secret?: string;
};

/** The one subscription store behind every API: writes here always notify the dispatchers. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly changes: SubscriptionChangePublisher,
    private readonly permissions: PermissionService,
  ) {}

  /** Creates the subscription; what it returns is typed by the API it was made through. */
  async create<S extends NewSubscription>(author: Account, input: S): Promise<S & Subscription> {
    const saved = await this.subscriptions.save({
      ...input,
      id: randomBytes(32).toString('hex'),
      authorId: author.id,
      tlsCert: input.tlsCert ?? '',
      skipTlsVerification: input.skipTlsVerification ?? false,
      secret: input.secret ?? generateSigningSecret(),
      lastSuccessfulAt: null,
      inactive: false,
      inactiveReason: null,
      consecutiveFailures: 0,
    });
    await this.changes.changed(saved.id);
    return saved;
  }

  findOne<A extends SubscriptionApi>(api: A, id: string): Promise<SubscriptionOf<A> | null> {
    return this.findOneWhere(api, { id });
  }

  /**
   * The subscriptions of `api` matching `where` that `account` may administer now, whoever made
   * them; newest last, as DTR lists them. SQL narrows them to the account's namespaces and
   * repository grants, the permission rule then decides on each.
   */
  async listAdministered<A extends SubscriptionApi>(
    account: Account,
    api: A,
    where: FindOptionsWhere<Subscription> = {},
  ): Promise<SubscriptionOf<A>[]> {
    const scope = await this.permissions.scopeOf(account);
    const query = this.administeredQuery(scope)
      .andWhere({ ...where, api })
      .orderBy('s.created_at', 'ASC');
    const candidates = await query.getMany();
    return candidates.filter(
      (subscription): subscription is SubscriptionOf<A> =>
        isSubscriptionOf(subscription, api) && subscriptionAccess(scope, subscription) === 'administer',
    );
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
  async findOneWhere<A extends SubscriptionApi>(
    api: A,
    where: FindOptionsWhere<Subscription>,
  ): Promise<SubscriptionOf<A> | null> {
    const found = await this.subscriptions
      .createQueryBuilder('s')
      .where({ ...where, api })
      .limit(1)
      .getOne();
    return found && isSubscriptionOf(found, api) ? found : null;
  }

  async update<S extends Subscription>(subscription: S, changes: Partial<NoInfer<S>>): Promise<S> {
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
export function activation(
  subscription: Subscription,
  active: boolean,
): Partial<Pick<Subscription, 'inactive' | 'inactiveReason' | 'consecutiveFailures'>> {
  if (active) return { inactive: false, inactiveReason: null, consecutiveFailures: 0 };
  return subscription.inactive ? {} : { inactive: true, inactiveReason: 'paused' };
}
