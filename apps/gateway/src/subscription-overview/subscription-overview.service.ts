import { AccessScope, PermissionService, subscriptionAccess } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import { Account, Subscription, SubscriptionRepository } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { administeredReach } from '../subscriptions/subscriptions.service';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { ListSubscriptionsQuery } from './dtos';

const SUBSCRIPTION_ID = /^[0-9a-f]{64}$/;

const noSuchSubscription = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

export interface SubscriptionPage {
  subscriptions: Subscription[];
  nextPageStart?: string;
}

/**
 * Every API's subscriptions in one list, for the console: those the caller administers now
 * (PermissionService: whoever could subscribe to it, whoever made it).
 */
@Injectable()
export class SubscriptionOverviewService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly permissions: PermissionService,
    private readonly tests: TestDeliveryService,
  ) {}

  /** Newest first, filtered, paged by (createdAt, id). */
  async list(account: Account, query: ListSubscriptionsQuery): Promise<SubscriptionPage> {
    const scope = await this.permissions.scopeOf(account);
    const pageSize = query.pageSize ?? 50;
    const [namespace, repository] = query.repository?.split('/') ?? [];
    const rows = await this.subscriptions.listOverview(
      { api: query.api, eventType: query.type, namespace, repository, health: query.health, text: query.q },
      administeredReach(scope),
      {
        before: query.pageStart ? decodeCursor(query.pageStart, SUBSCRIPTION_ID) : undefined,
        limit: pageSize + 1,
      },
    );
    const page = rows.slice(0, pageSize);
    return {
      subscriptions: this.administered(scope, page),
      // From the last row read, not the last shown: the next page starts where this one's read ended.
      nextPageStart: rows.length > pageSize ? encodeCursor(page[pageSize - 1]) : undefined,
    };
  }

  /** The ids of every subscription the caller administers; null for a system admin (all of them). */
  async administeredIds(account: Account): Promise<string[] | null> {
    const scope = await this.permissions.scopeOf(account);
    if (scope.systemAdmin) return null;
    return this.administered(scope, await this.subscriptions.listAllWithin(administeredReach(scope))).map(
      (s) => s.id,
    );
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

  async secret(account: Account, id: string): Promise<string> {
    return (await this.findAdministered(account, id)).secret;
  }

  private administered(scope: AccessScope, subscriptions: Subscription[]): Subscription[] {
    return subscriptions.filter((subscription) => subscriptionAccess(scope, subscription) === 'administer');
  }

  private async findAdministered(account: Account, id: string): Promise<Subscription> {
    const subscription = SUBSCRIPTION_ID.test(id) ? await this.subscriptions.findById(id) : null;
    return this.permissions.administered(account, subscription, () => noSuchSubscription(id));
  }
}
