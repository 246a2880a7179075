import {
  type CanonicalEvent,
  DELIVERY_FAILING_AFTER_ATTEMPTS,
  isOperationalEventType,
  operationalEvent,
  type OperationalContents,
} from '@hookyard/events';
import type { Subscription } from '@hookyard/persistence';
import { EventStreamAppender } from '@hookyard/queue';
import { scrubSecrets } from '@hookyard/util';
import { Injectable, Logger } from '@nestjs/common';

/** Why and how a webhook was turned off (SubscriptionHealthService). */
export interface DisabledWebhook {
  reason: 'failed-deliveries' | 'endpoint-gone';
  /** Failed deliveries in a row, for `failed-deliveries`. */
  consecutiveFailures?: number;
}

/** A failed attempt of a delivery, or a delivery that could not be sent at all. */
export interface FailedDelivery {
  event: CanonicalEvent;
  deliveryId: string;
  webhookId: string;
  /** 1-based attempt number; attempts made so far. */
  attempt: number;
  /** No attempt follows. */
  last: boolean;
  lastResponseStatus?: number;
  error: string;
}

/**
 * Emits Hookyard's operational events into the event stream, where the dispatcher matches them
 * as any event: WEBHOOK_DISABLED, DELIVERY_FAILING (after the DELIVERY_FAILING_AFTER_ATTEMPTS-th
 * failed attempt while more follow), DELIVERY_EXHAUSTED (no attempt follows). Never about a
 * delivery of an operational event, so that a failing operational webhook raises nothing about
 * itself. An event that cannot be appended (Redis away) is logged and dropped; the delivery
 * goes on.
 */
@Injectable()
export class OperationalEvents {
  private readonly logger = new Logger(OperationalEvents.name);

  constructor(private readonly stream: EventStreamAppender) {}

  /** `subscription` was turned off after its delivery of `cause`. */
  async webhookDisabled(
    subscription: Subscription,
    disabled: DisabledWebhook,
    cause: CanonicalEvent,
  ): Promise<void> {
    if (isOperationalEventType(cause.type)) return;
    const at = new Date().toISOString();
    await this.emit(
      operationalEvent(
        'WEBHOOK_DISABLED',
        { ...about(subscription), ...disabled, disabledAt: at },
        `${subscription.id}:${at}`,
        at,
      ),
    );
  }

  /** An attempt of a delivery to `subscription` failed, or the delivery could not be sent. */
  async deliveryFailed(subscription: Subscription, failure: FailedDelivery): Promise<void> {
    if (isOperationalEventType(failure.event.type)) return;
    const type = failure.last
      ? 'DELIVERY_EXHAUSTED'
      : failure.attempt === DELIVERY_FAILING_AFTER_ATTEMPTS
        ? 'DELIVERY_FAILING'
        : undefined;
    if (!type) return;
    const at = new Date().toISOString();
    const contents = {
      ...about(subscription),
      deliveryID: failure.deliveryId,
      eventID: failure.event.id,
      eventType: failure.event.type,
      webhookMessageID: failure.webhookId,
      attempts: failure.attempt,
      ...(failure.lastResponseStatus !== undefined && { lastResponseStatus: failure.lastResponseStatus }),
      error: scrubSecrets(failure.error),
      failedAt: at,
    };
    await this.emit(operationalEvent(type, contents, failure.deliveryId, at));
  }

  private async emit(event: CanonicalEvent): Promise<void> {
    try {
      await this.stream.append([event]);
    } catch (error) {
      this.logger.warn(
        { eventId: event.id, type: event.type, error: (error as Error).message },
        'operational event not emitted',
      );
    }
  }
}

/** The webhook an operational event is about, scoped as it is. */
function about(subscription: Subscription): OperationalContents {
  return {
    webhookID: subscription.id,
    api: subscription.api,
    ...(subscription.namespace !== null && { namespace: subscription.namespace }),
    ...(subscription.repository !== null && { repository: subscription.repository }),
  };
}
