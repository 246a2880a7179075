import { administeredReach, PermissionService } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { generateSigningSecret } from '@hookyard/delivery';
import type { ApiSpecificFields, EventType, SubscriptionApi, SubscriptionOptions } from '@hookyard/events';
import {
  Account,
  CappedSave,
  CapRefusal,
  Listing,
  NewSubscriptionRow,
  Subscription,
  SubscriptionFilter,
  SubscriptionOf,
  SubscriptionRepository,
  Transaction,
} from '@hookyard/persistence';
import { ApiError } from '@hookyard/http';
import { Inject, Injectable } from '@nestjs/common';
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
  /** Checked by SubscriptionOptionsService. */
  options?: SubscriptionOptions;
};

export const TOO_MANY_WEBHOOKS = 'TOO_MANY_WEBHOOKS';

/**
 * The refusal of one more active subscription by an author at a cap, the same code and status
 * whichever API asked (each renders it in its own error body).
 */
export const tooManySubscriptions = ({ cap, limit, count }: CapRefusal) =>
  cap === 'active'
    ? new ApiError(
        403,
        TOO_MANY_WEBHOOKS,
        `an account may have at most ${limit} active webhooks and this one's author has ${count}: delete or pause one first`,
        { limit, active: count },
      )
    : new ApiError(
        403,
        TOO_MANY_WEBHOOKS,
        `an account may keep at most ${limit} webhooks, active or paused, and this one's author has ${count}: delete one first`,
        { limit, stored: count },
      );

/**
 * The one subscription store behind every API: writes here always notify the dispatchers. Every
 * dispatcher holds every active subscription, so one account (not a system admin) may have made at
 * most SUBSCRIPTIONS_PER_ACCOUNT active ones: creating and turning one on again are refused past it.
 * Paused ones are kept rows, so creating one is also refused past SUBSCRIPTIONS_STORED_PER_ACCOUNT
 * in all.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly changes: SubscriptionChangePublisher,
    private readonly permissions: PermissionService,
    @Inject(HOOKYARD_CONFIG) private readonly config: Pick<HookyardConfig, 'subscriptions'>,
  ) {}

  /** Creates the subscription; what it returns is typed by the API it was made through. */
  async create<S extends NewSubscription>(author: Account, input: S): Promise<S & Subscription> {
    const saved = await this.saveActive({
      ...input,
      id: randomBytes(32).toString('hex'),
      authorId: author.id,
      tlsCert: input.tlsCert ?? '',
      skipTlsVerification: input.skipTlsVerification ?? false,
      secret: input.secret ?? generateSigningSecret(),
      options: input.options ?? {},
      previousSecret: null,
      previousSecretExpiresAt: null,
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
   * them; newest last, as DTR lists them. The permission rule is read as SQL (administeredReach),
   * so a page reads a page of rows.
   */
  async listAdministered<A extends SubscriptionApi>(
    account: Account,
    api: A,
    filter: SubscriptionFilter<A> = {},
  ): Promise<Listing<SubscriptionOf<A>>> {
    const scope = await this.permissions.scopeOf(account);
    return this.subscriptions.listWithin(api, filter, administeredReach(scope));
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

  /** Writes the changes; turning the subscription on again counts against its author's cap. */
  async update<S extends Subscription>(subscription: S, changes: Partial<NoInfer<S>>): Promise<S> {
    const turnsOn = subscription.inactive && changes.inactive === false;
    Object.assign(subscription, changes);
    const saved = turnsOn ? await this.saveActive(subscription) : await this.subscriptions.save(subscription);
    await this.changes.changed(saved.id);
    return saved;
  }

  /**
   * Saves an active subscription within its author's caps (none when SUBSCRIPTIONS_PER_ACCOUNT and
   * SUBSCRIPTIONS_STORED_PER_ACCOUNT are 0).
   */
  private async saveActive<S extends NewSubscriptionRow>(row: S): Promise<S & Subscription> {
    const { perAccount, storedPerAccount } = this.config.subscriptions;
    if (perAccount === 0 && storedPerAccount === 0) return this.subscriptions.create(row);
    const result: CappedSave<S> = await this.subscriptions.saveWithinCaps(row, {
      active: perAccount,
      stored: storedPerAccount,
    });
    if ('refused' in result) throw tooManySubscriptions(result.refused);
    return result.saved;
  }

  /**
   * Replaces the signing secret with `secret`; the one replaced keeps signing deliveries beside it
   * for `previousLifetimeMs` (none when 0), so receivers can move to the new one meanwhile. A
   * rotation before that ends the older secret at once: two at most sign a delivery.
   */
  rotateSecret<S extends Subscription>(
    subscription: S,
    secret: string,
    previousLifetimeMs: number,
  ): Promise<S> {
    const keepPrevious = previousLifetimeMs > 0;
    return this.update<Subscription>(subscription, {
      secret,
      previousSecret: keepPrevious ? subscription.secret : null,
      previousSecretExpiresAt: keepPrevious ? new Date(Date.now() + previousLifetimeMs) : null,
    }) as Promise<S>;
  }

  /**
   * Deactivates, in the caller's transaction, every active subscription `authorId` made; returns
   * their ids for `announce` once the transaction committed.
   */
  deactivateAuthoredBy(
    authorId: string,
    transaction: Transaction,
    reason: 'author-deactivated' | 'author-deleted' = 'author-deactivated',
  ): Promise<string[]> {
    return this.subscriptions.deactivateAuthoredBy(authorId, transaction, reason);
  }

  /**
   * Deletes, in the caller's transaction, every subscription pointing at a repository (or with
   * `repository` null, at a namespace and anything in it); returns their ids for `announce`.
   */
  deleteTargeting(namespace: string, repository: string | null, transaction: Transaction): Promise<string[]> {
    return this.subscriptions.deleteTargeting(namespace, repository, transaction);
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
