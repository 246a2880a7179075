import { AccessScope, maySubscribe, notAuthorized, PermissionService } from '@hookyard/auth';
import {
  DTR_EVENT_TYPES,
  EVENT_TYPE_DESCRIPTIONS,
  EVENT_TYPE_RULES,
  EventType,
  namesRepositories,
  RequiredAccess,
  TAGGED_EVENT_TYPES,
} from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Account, Listing, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { generateSigningSecret } from '@hookyard/delivery';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { previousSecretLifetimeMs } from '../subscriptions/secret-rotation';
import { OptionsVocabulary, SubscriptionOptionsService } from '../subscriptions/subscription-options.service';
import { activation, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { CreateWebhookDto, TestWebhookDto, UpdateWebhookDto } from './dtos';

/** The DTR API's names of the options: its own fields' style. */
const DTR_OPTIONS: OptionsVocabulary = {
  fields: {
    tagPattern: 'tagPattern',
    repositoryPattern: 'repositoryPattern',
    payloadFormat: 'payloadFormat',
    headers: 'headers',
    ordered: 'ordered',
    rateLimit: 'rateLimit',
  },
  ownPayloadFormat: 'dtr',
};

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
  /** Its events may name a tag: a tag filter (tagPattern) applies. */
  namesTag: boolean;
  /** Its events name a repository: a repository filter (repositoryPattern) applies, on a namespace key. */
  namesRepository: boolean;
}

/** DTR's webhook rules (DTR webhook API docs, DTR webhook types) over the shared subscription store. */
@Injectable()
export class DtrWebhooksService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly tests: TestDeliveryService,
    private readonly options: SubscriptionOptionsService,
  ) {}

  async create(account: Account, dto: CreateWebhookDto): Promise<Subscription> {
    const refusal = this.refusal(await this.permissions.scopeOf(account), dto.type, dto.key);
    if (refusal) throw refusal;
    const target = this.targetOf(dto.key);
    const options = this.options.resolve(dto, DTR_OPTIONS, { eventTypes: [dto.type], ...target });
    await this.endpoints.assertDeliverable(dto.endpoint);
    return this.subscriptions.create(account, {
      api: 'dtr',
      apiFields: {},
      eventTypes: [dto.type],
      ...target,
      key: dto.key ?? null,
      endpoint: dto.endpoint,
      tlsCert: dto.tlsCert,
      skipTlsVerification: dto.skipTLSVerification,
      options,
    });
  }

  /**
   * Every DTR event type, explained, and whether the caller may subscribe to it with `key` (by the
   * same rules as create), so a form can offer only those.
   */
  async subscribableTypes(account: Account, key: string | undefined): Promise<SubscribableType[]> {
    const scope = await this.permissions.scopeOf(account);
    return DTR_EVENT_TYPES.map((type) => {
      const refusal = this.refusal(scope, type, key);
      const { scope: keyScope, access } = EVENT_TYPE_RULES[type];
      return {
        type,
        description: EVENT_TYPE_DESCRIPTIONS[type],
        scope: keyScope,
        access,
        allowed: refusal === null,
        reason: refusal && (typeof refusal.detail === 'string' ? refusal.detail : refusal.message),
        namesTag: TAGGED_EVENT_TYPES.has(type),
        namesRepository: namesRepositories(type),
      };
    });
  }

  /** Every webhook the account administers now, whoever made it (everything for system admins). */
  list(account: Account): Promise<Listing<Subscription>> {
    return this.subscriptions.listAdministered(account, 'dtr');
  }

  /** Every subscription to one repository, whoever made it, for the repository's admins (DTR 2.6 API). */
  async listForRepository(
    account: Account,
    namespace: string,
    repository: string,
  ): Promise<Listing<Subscription>> {
    if (!(await this.permissions.isRepositoryAdmin(account, namespace, repository))) {
      throw notAuthorized(`only admins of ${namespace}/${repository} can list its webhooks`);
    }
    return this.subscriptions.listAdministered(account, 'dtr', { namespace, repository });
  }

  /** Every subscription to a namespace as a whole, whoever made it, for the namespace's owners. */
  async listForNamespace(account: Account, namespace: string): Promise<Listing<Subscription>> {
    if (!(await this.permissions.isNamespaceOwner(account, namespace))) {
      throw notAuthorized(`only owners of ${namespace} can list its webhooks`);
    }
    return this.subscriptions.listAdministered(account, 'dtr', { namespace, repository: null });
  }

  async update(account: Account, dto: UpdateWebhookDto): Promise<Subscription> {
    const subscription = await this.administered(account, dto.webhookID);
    const options = this.options.resolve(dto, DTR_OPTIONS, subscription, subscription.options);
    if (dto.endpoint !== undefined) await this.endpoints.assertDeliverable(dto.endpoint);
    return this.subscriptions.update(subscription, {
      options,
      ...(dto.endpoint !== undefined && { endpoint: dto.endpoint }),
      ...(dto.inactive !== undefined && activation(subscription, !dto.inactive)),
      ...(dto.tlsCert !== undefined && { tlsCert: dto.tlsCert }),
      ...(dto.skipTLSVerification !== undefined && { skipTlsVerification: dto.skipTLSVerification }),
    });
  }

  async remove(account: Account, id: string): Promise<void> {
    await this.subscriptions.remove(await this.administered(account, id));
  }

  /** Sends the type's example payload to the endpoint (DTR's "Test payload subscriptions"). */
  async test(dto: TestWebhookDto): Promise<TestDeliveryResult> {
    const payloadFormat = this.options.testPayloadFormat(dto.payloadFormat, DTR_OPTIONS);
    const staticHeaders = this.options.testHeaders(dto.headers, DTR_OPTIONS.fields.headers);
    await this.endpoints.assertDeliverable(dto.endpoint);
    return this.tests.send(
      {
        api: 'dtr',
        apiFields: {},
        endpoint: dto.endpoint,
        tlsCert: dto.tlsCert,
        skipTlsVerification: dto.skipTLSVerification,
        options: { payloadFormat },
        staticHeaders,
      },
      dto.type,
    );
  }

  /** The signing secret, for those who administer the webhook now, and when a rotated-out one stops. */
  async secret(account: Account, id: string): Promise<Subscription> {
    return this.administered(account, id);
  }

  /** A new signing secret; the current one keeps signing beside it for `expireAfter` (default 24 h). */
  async rotateSecret(account: Account, id: string, expireAfter: unknown): Promise<Subscription> {
    const lifetimeMs = previousSecretLifetimeMs(expireAfter, 'expireAfter');
    return this.subscriptions.rotateSecret(
      await this.administered(account, id),
      generateSigningSecret(),
      lifetimeMs,
    );
  }

  /** Only those who could subscribe to the webhook now may see or change it (see PermissionService). */
  private async administered(account: Account, id: string): Promise<Subscription> {
    return this.permissions.administered(account, await this.subscriptions.findOne('dtr', id), () =>
      noSuchWebhook(id),
    );
  }

  /**
   * Why an account with `access` may not subscribe to `type` on `key`, or null when it may.
   * Repository events take `ns` or `ns/repo`; REPO_* a namespace; global events no key (DTR scopes);
   * only admins may omit the key of other events.
   */
  private refusal(access: AccessScope, type: EventType, key: string | undefined): ApiError | null {
    const { scope, access: needed } = EVENT_TYPE_RULES[type];
    if (scope === 'global' && key) return invalidKey(`key must be omitted for ${type}: it is a global event`);
    if (scope === 'namespace' && key?.includes('/')) {
      return invalidKey(`key must be a namespace for ${type}, not a repository (${key})`);
    }
    if (!key && !access.systemAdmin && scope !== 'global') {
      return invalidKey('key is required: only admins may subscribe without a key');
    }
    if (!maySubscribe(access, [type], this.targetOf(key))) {
      return notAuthorized(
        `you need ${needed} access to subscribe to ${type} on ${key ?? 'every repository'}`,
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
