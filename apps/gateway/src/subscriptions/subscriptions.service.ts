import { AccessScope, adminGrants, PermissionService, subscriptionAccess } from '@hookyard/auth';
import { generateSigningSecret } from '@hookyard/delivery';
import type { ApiSpecificFields, EventType, SubscriptionApi } from '@hookyard/events';
import {
  Account,
  Subscription,
  SubscriptionFilter,
  SubscriptionOf,
  SubscriptionReach,
  SubscriptionRepository,
  Transaction,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
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
    private readonly subscriptions: SubscriptionRepository,
    private readonly changes: SubscriptionChangePublisher,
    private readonly permissions: PermissionService,
  ) {}

  /** Creates the subscription; what it returns is typed by the API it was made through. */
  async create<S extends NewSubscription>(author: Account, input: S): Promise<S & Subscription> {
    const saved = await this.subscriptions.create({
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
    return this.subscriptions.findOfApi(api, id);
  }

  /**
   * The subscriptions of `api` matching `filter` that `account` may administer now, whoever made
   * them; newest last, as DTR lists them. SQL narrows them to the account's namespaces and
   * repository grants, the permission rule then decides on each.
   */
  async listAdministered<A extends SubscriptionApi>(
    account: Account,
    api: A,
    filter: SubscriptionFilter<A> = {},
  ): Promise<SubscriptionOf<A>[]> {
    const scope = await this.permissions.scopeOf(account);
    const candidates = await this.subscriptions.listWithin(api, filter, administeredReach(scope));
    return candidates.filter((subscription) => subscriptionAccess(scope, subscription) === 'administer');
  }

  /** One subscription of `api` by a filter of its own columns (e.g. a field of the API's own). */
  findOneWhere<A extends SubscriptionApi>(
    api: A,
    filter: SubscriptionFilter<A>,
  ): Promise<SubscriptionOf<A> | null> {
    return this.subscriptions.findOne(api, filter);
  }

  nextAlaudaHookId(): Promise<number> {
    return this.subscriptions.nextAlaudaHookId();
  }

  async update<S extends Subscription>(subscription: S, changes: Partial<NoInfer<S>>): Promise<S> {
    Object.assign(subscription, changes);
    const saved = await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  /**
   * Deactivates, in the caller's transaction, every active subscription `authorId` made; returns
   * their ids for `announce` once the transaction committed.
   */
  deactivateAuthoredBy(authorId: string, transaction: Transaction): Promise<string[]> {
    return this.subscriptions.deactivateAuthoredBy(authorId, transaction);
  }

  /** Tells dispatchers and workers about committed changes made outside this service's writes. */
  async announce(ids: string[]): Promise<void> {
    for (const id of ids) await this.changes.changed(id);
  }

  async remove(subscription: Subscription): Promise<void> {
    await this.subscriptions.delete(subscription.id);
    await this.changes.changed(subscription.id);
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

/**
 * Where the subscriptions an account administers are: its namespaces and repository grants (every
 * one it may administer, and few others; subscriptionAccess decides on each).
 */
export function administeredReach(scope: AccessScope): SubscriptionReach {
  return scope.systemAdmin
    ? 'everything'
    : { namespaces: [...scope.ownedNamespaces], repositories: adminGrants(scope) };
}
