import { ApiError, notAuthorized, PermissionService } from '@hookyard/auth';
import {
  DTR_EVENT_TYPES,
  EVENT_TYPE_DESCRIPTIONS,
  EVENT_TYPE_RULES,
  EventType,
  RequiredAccess,
} from '@hookyard/events';
import { Account, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { CreateWebhookDto, TestWebhookDto, UpdateWebhookDto } from './dtos';

const noSuchWebhook = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

const invalidKey = (message: string) => new ApiError(400, 'INVALID_PARAMETERS', message, { fields: ['key'] });

export interface SubscribableType {
  type: EventType;
  description: string;
  scope: string;
  access: RequiredAccess;
  /** May the caller create a webhook of this type with the key asked about? */
  allowed: boolean;
  /** Why not, when not allowed. */
  reason: string | null;
}

/** DTR's webhook rules (seeds 000, 001) over the shared subscription store. */
@Injectable()
export class DtrWebhooksService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly tests: TestDeliveryService,
  ) {}

  async create(account: Account, dto: CreateWebhookDto): Promise<Subscription> {
    const refusal = await this.refusal(account, dto.type, dto.key, (type, key) =>
      this.permissions.canSubscribe(account, type, this.targetOf(key)),
    );
    if (refusal) throw refusal;
    const target = this.targetOf(dto.key);
    await this.endpoints.assertDeliverable(dto.endpoint);
    return this.subscriptions.create(account, {
      api: 'dtr',
      eventTypes: [dto.type],
      ...target,
      key: dto.key ?? null,
      endpoint: dto.endpoint,
      tlsCert: dto.tlsCert,
      skipTlsVerification: dto.skipTLSVerification,
    });
  }

  /**
   * Every DTR event type, explained, and whether the caller may subscribe to it with `key` (by the
   * same rules as create), so a form can offer only those.
   */
  async subscribableTypes(account: Account, key: string | undefined): Promise<SubscribableType[]> {
    // canSubscribe depends on the type only through the access it needs: ask once per access.
    const byAccess = new Map<RequiredAccess, Promise<boolean>>();
    const canSubscribe = (type: EventType, typeKey: string | undefined) => {
      const { access } = EVENT_TYPE_RULES[type];
      if (!byAccess.has(access)) {
        byAccess.set(access, this.permissions.canSubscribe(account, type, this.targetOf(typeKey)));
      }
      return byAccess.get(access)!;
    };
    return Promise.all(
      DTR_EVENT_TYPES.map(async (type) => {
        const refusal = await this.refusal(account, type, key, canSubscribe);
        const { scope, access } = EVENT_TYPE_RULES[type];
        return {
          type,
          description: EVENT_TYPE_DESCRIPTIONS[type],
          scope,
          access,
          allowed: refusal === null,
          reason: refusal && (typeof refusal.detail === 'string' ? refusal.detail : refusal.message),
        };
      }),
    );
  }

  /** Admins see every webhook; users their own. */
  list(account: Account): Promise<Subscription[]> {
    return this.subscriptions.list('dtr', account.isAdmin ? {} : { authorId: account.id });
  }

  /** Every subscription to one repository, whoever made it, for the repository's admins (seed 000). */
  async listForRepository(account: Account, namespace: string, repository: string): Promise<Subscription[]> {
    if (!(await this.permissions.isRepositoryAdmin(account, namespace, repository))) {
      throw notAuthorized(`only admins of ${namespace}/${repository} can list its webhooks`);
    }
    return this.subscriptions.list('dtr', { namespace, repository });
  }

  /** Every subscription to a namespace as a whole, whoever made it, for the namespace's owners. */
  async listForNamespace(account: Account, namespace: string): Promise<Subscription[]> {
    if (!(await this.permissions.isNamespaceOwner(account, namespace))) {
      throw notAuthorized(`only owners of ${namespace} can list its webhooks`);
    }
    return this.subscriptions.list('dtr', { namespace, repository: IsNull() });
  }

  async update(account: Account, dto: UpdateWebhookDto): Promise<Subscription> {
    const subscription = await this.administered(account, dto.webhookID, 'change');
    if (dto.endpoint !== undefined) await this.endpoints.assertDeliverable(dto.endpoint);
    return this.subscriptions.update(subscription, {
      ...(dto.endpoint !== undefined && { endpoint: dto.endpoint }),
      ...(dto.inactive !== undefined && {
        inactive: dto.inactive,
        // Re-enabling starts a fresh run of failures.
        ...(dto.inactive === false && { consecutiveFailures: 0 }),
      }),
      ...(dto.tlsCert !== undefined && { tlsCert: dto.tlsCert }),
      ...(dto.skipTLSVerification !== undefined && { skipTlsVerification: dto.skipTLSVerification }),
    });
  }

  async remove(account: Account, id: string): Promise<void> {
    await this.subscriptions.remove(await this.administered(account, id, 'delete'));
  }

  /** Sends the type's example payload to the endpoint (seed 000 "Test payload subscriptions"). */
  async test(dto: TestWebhookDto): Promise<TestDeliveryResult> {
    await this.endpoints.assertDeliverable(dto.endpoint);
    return this.tests.send(
      {
        api: 'dtr',
        apiFields: {},
        endpoint: dto.endpoint,
        tlsCert: dto.tlsCert,
        skipTlsVerification: dto.skipTLSVerification,
      },
      dto.type,
    );
  }

  /** The signing secret, for the webhook's author or a system admin. */
  async secret(account: Account, id: string): Promise<string> {
    const subscription = await this.subscriptions.findOne('dtr', id);
    if (!subscription) throw noSuchWebhook(id);
    if (!this.permissions.canReadSecret(account, subscription)) {
      throw notAuthorized('only the webhook author or an admin can read its secret');
    }
    return subscription.secret;
  }

  /** Only a system admin or an admin of the subscribed resource may change or delete a webhook (seed 000). */
  private async administered(account: Account, id: string, action: string): Promise<Subscription> {
    const subscription = await this.subscriptions.findOne('dtr', id);
    if (!subscription) throw noSuchWebhook(id);
    if (!(await this.permissions.canAdminTarget(account, subscription))) {
      throw notAuthorized(`only an admin of the subscribed resource can ${action} this webhook`);
    }
    return subscription;
  }

  /**
   * Why `account` may not subscribe to `type` on `key`, or null when it may. Repository events take
   * `ns` or `ns/repo`; REPO_* a namespace; global events no key (seed 001); only admins may omit
   * the key of other events.
   */
  private async refusal(
    account: Account,
    type: EventType,
    key: string | undefined,
    canSubscribe: (type: EventType, key: string | undefined) => Promise<boolean>,
  ): Promise<ApiError | null> {
    const { scope, access } = EVENT_TYPE_RULES[type];
    if (scope === 'global' && key) return invalidKey(`key must be omitted for ${type}: it is a global event`);
    if (scope === 'namespace' && key?.includes('/')) {
      return invalidKey(`key must be a namespace for ${type}, not a repository (${key})`);
    }
    if (!key && !this.permissions.isSystemAdmin(account) && scope !== 'global') {
      return invalidKey('key is required: only admins may subscribe without a key');
    }
    if (!(await canSubscribe(type, key))) {
      return notAuthorized(
        `you need ${access} access to subscribe to ${type} on ${key ?? 'every repository'}`,
      );
    }
    return null;
  }

  private targetOf(key: string | undefined) {
    if (!key) return { namespace: null, repository: null };
    const slash = key.indexOf('/');
    return slash < 0
      ? { namespace: key, repository: null }
      : { namespace: key.slice(0, slash), repository: key.slice(slash + 1) };
  }
}
