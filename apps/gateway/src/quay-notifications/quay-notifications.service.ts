import { notAuthorized, PermissionService } from '@hookyard/auth';
import { JsonTemplateError, parseJsonTemplate, TEST_EVENT_SOURCE } from '@hookyard/delivery';
import {
  CanonicalEvent,
  EXAMPLE_CONTENTS,
  isQuayEvent,
  isQuayMethod,
  QUAY_EVENT_NAMES,
  QUAY_EVENTS,
  QUAY_METHODS,
  quayConfigProblem,
} from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import { Account, Listing, SubscriptionOf } from '@hookyard/persistence';
import { DeliveryQueue } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EndpointValidator } from '../subscriptions/endpoint-validator.service';
import { OptionsVocabulary, SubscriptionOptionsService } from '../subscriptions/subscription-options.service';
import { activation, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { CreateQuayNotificationDto } from './dtos';

/**
 * Where Quay's shape takes Hookyard's options: how a notification is sent in `config` (beside its
 * url), which events it wants in `eventConfig` (beside the vulnerability priority).
 */
const QUAY_OPTIONS: OptionsVocabulary = {
  fields: {
    tagPattern: 'eventConfig.tagPattern',
    repositoryPattern: 'eventConfig.repositoryPattern',
    payloadFormat: 'config.payloadFormat',
    headers: 'config.headers',
    ordered: 'config.ordered',
    rateLimit: 'config.rateLimit',
  },
  ownPayloadFormat: 'quay',
};

/** Quay's request_error: 400 invalid_request with its message. */
const invalidRequest = (message: string, detail: object = {}) =>
  new ApiError(400, 'INVALID_PARAMETERS', message, detail);

/** Quay's answer to delete, reset and test of a uuid that is not one of the repository's notifications. */
const noSuchNotification = (namespace: string, repository: string, uuid: string) =>
  invalidRequest(`No repository notification found for: ${namespace}, ${repository}, ${uuid}`, { uuid });

/**
 * Quay's repository notifications (Quay's endpoints/api/repositorynotification.py) over the shared
 * subscription store. The controller's QuayRepositoryAdminGuard has checked repository admin.
 */
@Injectable()
export class QuayNotificationsService {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly permissions: PermissionService,
    private readonly endpoints: EndpointValidator,
    private readonly deliveries: DeliveryQueue,
    private readonly options: SubscriptionOptionsService,
  ) {}

  async create(
    account: Account,
    namespace: string,
    repository: string,
    dto: CreateQuayNotificationDto,
  ): Promise<SubscriptionOf<'quay'>> {
    if (!isQuayMethod(dto.method)) {
      throw invalidRequest(
        `method "${dto.method}" is not supported; supported methods: ${QUAY_METHODS.join(', ')}`,
        { field: 'method' },
      );
    }
    const problem = quayConfigProblem(dto.method, dto.config);
    if (problem) throw invalidRequest(problem, { field: 'config.url' });
    const url = dto.config.url as string;
    if (dto.method === 'webhook') this.assertTemplate(dto.config.template);
    if (!isQuayEvent(dto.event)) {
      throw invalidRequest(
        `event "${dto.event}" is not supported; supported events: ${QUAY_EVENT_NAMES.join(', ')}`,
        { field: 'event' },
      );
    }
    const eventTypes = [...QUAY_EVENTS[dto.event]];
    const target = { namespace, repository };
    if (!(await this.permissions.canSubscribe(account, eventTypes, target))) {
      throw notAuthorized(`you may not subscribe to ${dto.event} on ${namespace}/${repository}`);
    }
    // Hookyard's options live in the subscription's options (headers sealed there), not in Quay's fields.
    const { payloadFormat, headers, ordered, rateLimit, ...config } = dto.config;
    const { tagPattern, repositoryPattern, ...eventConfig } = dto.eventConfig;
    const options = this.options.resolve(
      { payloadFormat, headers, ordered, rateLimit, tagPattern, repositoryPattern },
      QUAY_OPTIONS,
      { eventTypes, ...target },
    );
    if (options.payloadFormat && (dto.method === 'slack' || config.template)) {
      throw invalidRequest(
        "config.payloadFormat cloudevents replaces Quay's event data: it applies to the webhook method without a template",
        { field: 'config.payloadFormat' },
      );
    }
    await this.endpoints.assertDeliverable(url, 'config.url');
    return this.subscriptions.create(account, {
      api: 'quay',
      apiFields: {
        uuid: randomUUID(),
        event: dto.event,
        method: dto.method,
        config: { ...config, url },
        eventConfig,
        title: dto.title ?? null,
      },
      eventTypes,
      ...target,
      key: `${namespace}/${repository}`,
      endpoint: url,
      options,
    });
  }

  list(account: Account, namespace: string, repository: string): Promise<Listing<SubscriptionOf<'quay'>>> {
    return this.subscriptions.listAdministered(account, 'quay', { namespace, repository });
  }

  /** Quay's NotFound (404) for a uuid that is not one of this repository's notifications. */
  async get(
    account: Account,
    namespace: string,
    repository: string,
    uuid: string,
  ): Promise<SubscriptionOf<'quay'>> {
    return this.find(account, namespace, repository, uuid, () => new ApiError(404, 'NOT_FOUND', 'Not Found'));
  }

  async remove(account: Account, namespace: string, repository: string, uuid: string): Promise<void> {
    const notFound = () => noSuchNotification(namespace, repository, uuid);
    await this.subscriptions.remove(await this.find(account, namespace, repository, uuid, notFound));
  }

  /** Quay's reset to 0 failures, which is also what turns a notification on again. */
  async resetFailures(account: Account, namespace: string, repository: string, uuid: string): Promise<void> {
    const notFound = () => noSuchNotification(namespace, repository, uuid);
    const subscription = await this.find(account, namespace, repository, uuid, notFound);
    await this.subscriptions.update(subscription, activation(subscription, true));
  }

  /**
   * Queues a test: the worker sends Quay's sample data of the notification's event for this
   * repository, naming the caller as who caused it.
   */
  async queueTest(account: Account, namespace: string, repository: string, uuid: string): Promise<void> {
    const notFound = () => noSuchNotification(namespace, repository, uuid);
    const subscription = await this.find(account, namespace, repository, uuid, notFound);
    const type = subscription.eventTypes[0];
    const id = `test-${randomUUID()}`;
    const event: CanonicalEvent = {
      id,
      type,
      occurredAt: new Date().toISOString(),
      source: TEST_EVENT_SOURCE,
      namespace,
      repository,
      contents: { ...EXAMPLE_CONTENTS[type], namespace, repository, author: account.name },
      dedupKey: id,
    };
    await this.deliveries.add(event, subscription.id);
  }

  /** Quay's JSONTemplate check of a webhook's body template, with its messages. */
  private assertTemplate(template: unknown): void {
    if (!template) return;
    if (typeof template !== 'string') {
      throw invalidRequest('Could not parse template: template must be a string', {
        field: 'config.template',
      });
    }
    try {
      parseJsonTemplate(template);
    } catch (error) {
      if (!(error instanceof JsonTemplateError)) throw error;
      throw invalidRequest(error.message, { field: 'config.template' });
    }
  }

  private async find(
    account: Account,
    namespace: string,
    repository: string,
    uuid: string,
    notFound: () => Error,
  ): Promise<SubscriptionOf<'quay'>> {
    const subscription = await this.subscriptions.findOneWhere('quay', {
      namespace,
      repository,
      apiField: { name: 'uuid', value: uuid },
    });
    return this.permissions.administered(account, subscription, notFound);
  }
}
