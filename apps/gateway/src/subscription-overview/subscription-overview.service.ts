import { administeredReach, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import { Account, Listing, Subscription, SubscriptionRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { ListSubscriptionsQuery } from './dtos';

const SUBSCRIPTION_ID = /^[0-9a-f]{64}$/;

const noSuchSubscription = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

/**
 * Every API's subscriptions in one list, for the console: those the caller administers now
 * (libs/auth administeredReach: whoever could subscribe to it now).
 */
@Injectable()
export class SubscriptionOverviewService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly permissions: PermissionService,
    private readonly tests: TestDeliveryService,
  ) {}

  /** Newest first, filtered in SQL. */
  async list(account: Account, query: ListSubscriptionsQuery): Promise<Listing<Subscription>> {
    const [namespace, repository] = query.repository?.split('/') ?? [];
    return this.subscriptions.listOverview(
      { api: query.api, eventType: query.type, namespace, repository, health: query.health, text: query.q },
      administeredReach(await this.permissions.scopeOf(account)),
    );
  }

  /** The ids of every subscription the caller administers; null for a system admin (all of them). */
  async administeredIds(account: Account): Promise<string[] | null> {
    const scope = await this.permissions.scopeOf(account);
    if (scope.systemAdmin) return null;
    const ids: string[] = [];
    for await (const batch of this.subscriptions.listOverview({}, administeredReach(scope)).batches()) {
      for (const subscription of batch) ids.push(subscription.id);
    }
    return ids;
  }

  get(account: Account, id: string): Promise<Subscription> {
    return this.findAdministered(account, id);
  }

  /**
   * Sends the example event of the subscription's (first) type to its endpoint now, rendered in its
   * API's format and signed with its own secret, as a real delivery would be; not logged.
   */
  async test(account: Account, id: string): Promise<TestDeliveryResult & { eventType: string }> {
    const subscription = await this.findAdministered(account, id);
    const eventType = subscription.eventTypes[0];
    // A subscription is its own target: its API's fields, endpoint, TLS options and secret.
    const result = await this.tests.send(subscription, eventType);
    return { ...result, eventType };
  }

  secret(account: Account, id: string): Promise<Subscription> {
    return this.findAdministered(account, id);
  }

  private async findAdministered(account: Account, id: string): Promise<Subscription> {
    const subscription = SUBSCRIPTION_ID.test(id) ? await this.subscriptions.findById(id) : null;
    return this.permissions.administered(account, subscription, () => noSuchSubscription(id));
  }
}
