import { AdministeredScope, ApiError, notAuthorized, PermissionService } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Account, Subscription } from '@hookyard/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { ListSubscriptionsQuery } from './dtos';
import { SummaryViewer } from './subscription-summary.presenter';

const SUBSCRIPTION_ID = /^[0-9a-f]{64}$/;

const noSuchSubscription = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

export interface SubscriptionPage {
  subscriptions: Subscription[];
  viewer: SummaryViewer;
  nextPageStart?: string;
}

/**
 * Every API's subscriptions in one list, for the console: those the caller manages (see
 * PermissionService.canManageSubscription: its author, or an admin of its target).
 */
@Injectable()
export class SubscriptionOverviewService {
  constructor(
    @InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>,
    private readonly permissions: PermissionService,
    private readonly tests: TestDeliveryService,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  /** Newest first, filtered, paged by (createdAt, id). */
  async list(account: Account, query: ListSubscriptionsQuery): Promise<SubscriptionPage> {
    const viewer = await this.viewer(account);
    const pageSize = query.pageSize ?? 50;
    const builder = this.managedBy(account, viewer.scope)
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(pageSize + 1);
    if (query.api) builder.andWhere('s.api = :api', { api: query.api });
    if (query.type) builder.andWhere(':type = ANY(s.event_types)', { type: query.type });
    if (query.repository) {
      const [namespace, repository] = query.repository.split('/');
      builder.andWhere('s.namespace = :namespace', { namespace });
      if (repository) builder.andWhere('s.repository = :repository', { repository });
    }
    if (query.health === 'inactive') builder.andWhere('s.inactive');
    if (query.health === 'failing') builder.andWhere('NOT s.inactive AND s.consecutive_failures > 0');
    if (query.health === 'healthy') builder.andWhere('NOT s.inactive AND s.consecutive_failures = 0');
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder.andWhere(
        new Brackets((text) =>
          text
            .where('s.endpoint ILIKE :pattern', { pattern })
            .orWhere("COALESCE(s.key, '') ILIKE :pattern")
            .orWhere("COALESCE(s.api_fields ->> 'name', s.api_fields ->> 'title', '') ILIKE :pattern"),
        ),
      );
    }
    if (query.pageStart) {
      const [createdAt, id] = decodeCursor(query.pageStart, SUBSCRIPTION_ID);
      builder.andWhere('(s.created_at, s.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await builder.getMany();
    const subscriptions = rows.slice(0, pageSize);
    return {
      subscriptions,
      viewer,
      nextPageStart: rows.length > pageSize ? encodeCursor(subscriptions[pageSize - 1]) : undefined,
    };
  }

  /** The ids of every subscription the caller manages; null for a system admin (all of them). */
  async managedIds(account: Account): Promise<string[] | null> {
    const scope = await this.permissions.administeredScope(account);
    if (scope.everything) return null;
    const rows = await this.managedBy(account, scope).select('s.id', 'id').getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  async get(account: Account, id: string): Promise<{ subscription: Subscription; viewer: SummaryViewer }> {
    return { subscription: await this.managed(account, id), viewer: await this.viewer(account) };
  }

  /**
   * Sends the example event of the subscription's (first) type to its endpoint now, rendered in its
   * API's format and signed with its own secret, as a real delivery would be; not logged.
   */
  async test(account: Account, id: string): Promise<TestDeliveryResult & { eventType: string }> {
    const subscription = await this.managed(account, id);
    const eventType = subscription.eventTypes[0];
    const result = await this.tests.send(
      {
        api: subscription.api,
        apiFields: subscription.apiFields,
        endpoint: subscription.endpoint,
        tlsCert: subscription.tlsCert,
        skipTlsVerification: subscription.skipTlsVerification,
        secret: subscription.secret,
      },
      eventType,
    );
    return { ...result, eventType };
  }

  async secret(account: Account, id: string): Promise<string> {
    const subscription = await this.managed(account, id);
    if (!this.permissions.canReadSecret(account, subscription)) {
      throw notAuthorized('only the webhook author or an admin can read its secret');
    }
    return subscription.secret;
  }

  private async viewer(account: Account): Promise<SummaryViewer> {
    return {
      scope: await this.permissions.administeredScope(account),
      canReadSecret: (subscription) => this.permissions.canReadSecret(account, subscription),
      disableAfterFailures: this.config.delivery.disableAfterFailures,
    };
  }

  private async managed(account: Account, id: string): Promise<Subscription> {
    const subscription = SUBSCRIPTION_ID.test(id) ? await this.subscriptions.findOneBy({ id }) : null;
    if (!subscription) throw noSuchSubscription(id);
    if (!(await this.permissions.canManageSubscription(account, subscription))) {
      throw notAuthorized('only the webhook author or an admin of its target can see it');
    }
    return subscription;
  }

  /** Subscriptions `account` manages, as canManageSubscription decides one at a time. */
  private managedBy(account: Account, scope: AdministeredScope): SelectQueryBuilder<Subscription> {
    const builder = this.subscriptions.createQueryBuilder('s');
    if (scope.everything) return builder;
    return builder.where(
      new Brackets((visible) => {
        visible.where('s.author_id = :accountId', { accountId: account.id });
        if (scope.namespaces.length) {
          visible.orWhere('s.namespace IN (:...namespaces)', { namespaces: scope.namespaces });
        }
        if (scope.repositories.length) {
          visible.orWhere("s.namespace || '/' || s.repository IN (:...repositories)", {
            repositories: scope.repositories,
          });
        }
      }),
    );
  }
}
