import { notAuthorized, PermissionService } from '@hookyard/auth';
import { EVENT_TYPE_RULES, EventType } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Account, Listing, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { activation, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { TestDeliveryResult, TestDeliveryService } from '../subscriptions/test-delivery.service';
import { CreateWebhookDto, TestWebhookDto, UpdateWebhookDto } from './dtos';

const noSuchWebhook = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

const invalidKey = (message: string) => new ApiError(400, 'INVALID_PARAMETERS', message, { fields: ['key'] });

/** DTR's webhook rules (DTR webhook API docs, DTR webhook types) over the shared subscription store. */
@Injectable()
export class DtrWebhooksService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly tests: TestDeliveryService,
  ) {}

  async create(account: Account, dto: CreateWebhookDto): Promise<Subscription> {
    this.assertKeyFits(dto.type, dto.key);
    if (
      !dto.key &&
      !this.permissions.isSystemAdmin(account) &&
      EVENT_TYPE_RULES[dto.type].scope !== 'global'
    ) {
      throw invalidKey('key is required: only admins may subscribe without a key');
    }
    const target = this.targetOf(dto.key);
    if (!(await this.permissions.canSubscribe(account, [dto.type], target))) {
      throw notAuthorized(
        `you need ${EVENT_TYPE_RULES[dto.type].access} access to subscribe to ${dto.type} on ${dto.key ?? 'every repository'}`,
      );
    }
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
    if (dto.endpoint !== undefined) await this.endpoints.assertDeliverable(dto.endpoint);
    return this.subscriptions.update(subscription, {
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

  /** The signing secret, for those who administer the webhook now. */
  async secret(account: Account, id: string): Promise<string> {
    return (await this.administered(account, id)).secret;
  }

  /** Only those who could subscribe to the webhook now may see or change it (see PermissionService). */
  private async administered(account: Account, id: string): Promise<Subscription> {
    return this.permissions.administered(account, await this.subscriptions.findOne('dtr', id), () =>
      noSuchWebhook(id),
    );
  }

  /** Repository events take `ns` or `ns/repo`; REPO_* a namespace; global events no key (DTR scopes). */
  private assertKeyFits(type: EventType, key: string | undefined): void {
    const { scope } = EVENT_TYPE_RULES[type];
    if (scope === 'global' && key) throw invalidKey(`key must be omitted for ${type}: it is a global event`);
    if (scope === 'namespace' && key?.includes('/')) {
      throw invalidKey(`key must be a namespace for ${type}, not a repository (${key})`);
    }
  }

  private targetOf(key: string | undefined) {
    if (!key) return { namespace: null, repository: null };
    const slash = key.indexOf('/');
    return slash < 0
      ? { namespace: key, repository: null }
      : { namespace: key.slice(0, slash), repository: key.slice(slash + 1) };
  }
}
