import { ApiError, notAuthorized, PermissionService } from '@hookyard/auth';
import { EVENT_TYPE_RULES } from '@hookyard/events';
import { Account, Subscription } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { CreateWebhookDto } from './dtos';

const noSuchWebhook = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });

/** DTR's webhook rules (seeds 000, 001) over the shared subscription store. */
@Injectable()
export class DtrWebhooksService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
  ) {}

  async create(account: Account, dto: CreateWebhookDto): Promise<Subscription> {
    const target = this.targetOf(dto);
    if (!dto.key && !account.isAdmin) {
      throw new ApiError(
        400,
        'INVALID_PARAMETERS',
        'key is required: only admins may subscribe without a key',
        {
          field: 'key',
        },
      );
    }
    if (!(await this.permissions.canSubscribe(account, dto.type, target))) {
      throw notAuthorized(
        `you need ${EVENT_TYPE_RULES[dto.type].access} access to subscribe to ${dto.type} on ${dto.key ?? 'every repository'}`,
      );
    }
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

  /** Admins see every webhook; users their own. */
  list(account: Account): Promise<Subscription[]> {
    return this.subscriptions.list('dtr', account.isAdmin ? {} : { authorId: account.id });
  }

  async remove(account: Account, id: string): Promise<void> {
    const subscription = await this.subscriptions.findOne('dtr', id);
    if (!subscription) throw noSuchWebhook(id);
    if (!(await this.permissions.canAdminTarget(account, subscription))) {
      throw notAuthorized('only an admin of the subscribed resource can delete this webhook');
    }
    await this.subscriptions.remove(subscription);
  }

  /** The signing secret, for the webhook's author or a system admin. */
  async secret(account: Account, id: string): Promise<string> {
    const subscription = await this.subscriptions.findOne('dtr', id);
    if (!subscription) throw noSuchWebhook(id);
    if (!account.isAdmin && subscription.authorId !== account.id) {
      throw notAuthorized('only the webhook author or an admin can read its secret');
    }
    return subscription.secret;
  }

  private targetOf(dto: CreateWebhookDto) {
    if (!dto.key) return { namespace: null, repository: null };
    const slash = dto.key.indexOf('/');
    return slash < 0
      ? { namespace: dto.key, repository: null }
      : { namespace: dto.key.slice(0, slash), repository: dto.key.slice(slash + 1) };
  }
}
