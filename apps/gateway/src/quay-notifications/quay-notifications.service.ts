import { notAuthorized, PermissionService } from '@hookyard/auth';
import {
  isQuayEvent,
  QUAY_EVENT_NAMES,
  QUAY_EVENTS,
  QUAY_METHODS,
  QUAY_PRIORITIES,
  QuayApiFields,
  QuayMethod,
  QuayPriority,
  TEST_EVENT_SOURCE,
} from '@hookyard/delivery';
import { CanonicalEvent, EXAMPLE_CONTENTS } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Account, Subscription } from '@hookyard/persistence';
import { DeliveryQueue } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Raw } from 'typeorm';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { activation, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { CreateQuayNotificationDto } from './dtos';

const invalid = (field: string, message: string) =>
  new ApiError(400, 'INVALID_PARAMETERS', message, { field });

const noSuchNotification = (uuid: string) =>
  new ApiError(404, 'NOT_FOUND', `notification ${uuid} does not exist in this repository`, { uuid });

/** Quay's repository notifications (Quay API guide §2.13) over the shared subscription store. */
@Injectable()
export class QuayNotificationsService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly deliveries: DeliveryQueue,
  ) {}

  async create(
    account: Account,
    namespace: string,
    repository: string,
    dto: CreateQuayNotificationDto,
  ): Promise<Subscription> {
    await this.assertRepositoryAdmin(account, namespace, repository);
    if (!isQuayEvent(dto.event)) {
      throw invalid(
        'event',
        `event "${dto.event}" is not supported; supported events: ${QUAY_EVENT_NAMES.join(', ')}`,
      );
    }
    if (!(QUAY_METHODS as readonly string[]).includes(dto.method)) {
      throw invalid(
        'method',
        `method "${dto.method}" is not supported; supported methods: ${QUAY_METHODS.join(', ')}`,
      );
    }
    if (typeof dto.config.url !== 'string') throw invalid('config.url', 'config.url is required');
    const eventConfig = dto.eventConfig ?? {};
    const priority = (eventConfig.vulnerability as { priority?: unknown } | undefined)?.priority;
    if (priority !== undefined && !(QUAY_PRIORITIES as readonly unknown[]).includes(priority)) {
      throw invalid(
        'eventConfig.vulnerability.priority',
        `eventConfig.vulnerability.priority must be one of ${QUAY_PRIORITIES.join(', ')}`,
      );
    }
    const eventTypes = [...QUAY_EVENTS[dto.event]];
    const target = { namespace, repository };
    if (!(await this.permissions.canSubscribe(account, eventTypes, target))) {
      throw notAuthorized(`you may not subscribe to ${dto.event} on ${namespace}/${repository}`);
    }
    await this.endpoints.assertDeliverable(dto.config.url, 'config.url');
    const apiFields: QuayApiFields = {
      uuid: randomUUID(),
      event: dto.event,
      method: dto.method as QuayMethod,
      config: { ...dto.config, url: dto.config.url },
      eventConfig: eventConfig as { vulnerability?: { priority?: QuayPriority } },
      title: dto.title ?? '',
    };
    return this.subscriptions.create(account, {
      api: 'quay',
      eventTypes,
      ...target,
      key: `${namespace}/${repository}`,
      endpoint: dto.config.url,
      apiFields: { ...apiFields },
    });
  }

  async list(account: Account, namespace: string, repository: string): Promise<Subscription[]> {
    await this.assertRepositoryAdmin(account, namespace, repository);
    return this.subscriptions.listAdministered(account, 'quay', { namespace, repository });
  }

  /** Quay's model: 403 for anyone who does not administer the repository, before anything is looked up. */
  async get(account: Account, namespace: string, repository: string, uuid: string): Promise<Subscription> {
    await this.assertRepositoryAdmin(account, namespace, repository);
    const subscription = await this.subscriptions.findOneWhere('quay', {
      namespace,
      repository,
      apiFields: Raw((alias) => `${alias} ->> 'uuid' = :uuid`, { uuid }),
    });
    return this.permissions.administered(account, subscription, () => noSuchNotification(uuid));
  }

  async remove(account: Account, namespace: string, repository: string, uuid: string): Promise<void> {
    await this.subscriptions.remove(await this.get(account, namespace, repository, uuid));
  }

  /** Quay's "reset to 0 failures": also re-enables a notification failures had disabled. */
  async resetFailures(
    account: Account,
    namespace: string,
    repository: string,
    uuid: string,
  ): Promise<Subscription> {
    const subscription = await this.get(account, namespace, repository, uuid);
    return this.subscriptions.update(subscription, activation(subscription, true));
  }

  /** Queues a delivery of the example event of the notification's type, with this repository's names. */
  async queueTest(account: Account, namespace: string, repository: string, uuid: string): Promise<void> {
    const subscription = await this.get(account, namespace, repository, uuid);
    const type = subscription.eventTypes[0];
    const id = `test-${randomUUID()}`;
    const event: CanonicalEvent = {
      id,
      type,
      occurredAt: new Date().toISOString(),
      source: TEST_EVENT_SOURCE,
      namespace,
      repository,
      contents: { ...EXAMPLE_CONTENTS[type], namespace, repository },
      dedupKey: id,
    };
    await this.deliveries.add(event, subscription.id);
  }

  private async assertRepositoryAdmin(account: Account, namespace: string, repository: string) {
    if (!(await this.permissions.canAdminTarget(account, { namespace, repository }))) {
      throw notAuthorized(`you need admin access to repository ${namespace}/${repository}`);
    }
  }
}
