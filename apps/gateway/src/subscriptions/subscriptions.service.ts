import { adminGrants, PermissionService, subscriptionAccess } from '@hookyard/auth';
import { generateSigningSecret } from '@hookyard/delivery';
import type { EventType, SubscriptionApi } from '@hookyard/events';
import {
  Account,
  Subscription,
  SubscriptionFilter,
  SubscriptionRepository,
  Transaction,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
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
    private readonly subscriptions: SubscriptionRepository,
    private readonly changes: SubscriptionChangePublisher,
    private readonly permissions: PermissionService,
  ) {}

  async create(author: Account, input: NewSubscription): Promise<Subscription> {
    const saved = await this.subscriptions.create({
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
    await this.changes.changed(saved.id);
    return saved;
  }

  findOne(api: SubscriptionApi, id: string): Promise<Subscription | null> {
    return this.subscriptions.findOfApi(api, id);
  }

  /**
   * The subscriptions of `api` matching `filter` that `account` may administer now, whoever made
   * them; newest last, as DTR lists them. SQL narrows them to the account's namespaces and
   * repository grants, the permission rule then decides on each.
   */
  async listAdministered(
    account: Account,
    api: SubscriptionApi,
    filter: SubscriptionFilter = {},
  ): Promise<Subscription[]> {
    const scope = await this.permissions.scopeOf(account);
    const candidates = await this.subscriptions.listWithin(
      api,
      filter,
      scope.systemAdmin
        ? 'everything'
        : { namespaces: [...scope.ownedNamespaces], repositories: adminGrants(scope) },
    );
    return candidates.filter((subscription) => subscriptionAccess(scope, subscription) === 'administer');
  }

  /** One subscription of `api` by a filter of its own columns (e.g. a field of the API's own). */
  findOneWhere(api: SubscriptionApi, filter: SubscriptionFilter): Promise<Subscription | null> {
    return this.subscriptions.findOne(api, filter);
  }

  nextAlaudaHookId(): Promise<number> {
    return this.subscriptions.nextAlaudaHookId();
  }

  async update(subscription: Subscription, changes: Partial<Subscription>): Promise<Subscription> {
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
export function activation(subscription: Subscription, active: boolean): Partial<Subscription> {
  if (active) return { inactive: false, inactiveReason: null, consecutiveFailures: 0 };
  return subscription.inactive ? {} : { inactive: true, inactiveReason: 'paused' };
}
