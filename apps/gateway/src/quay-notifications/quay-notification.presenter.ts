import type { QuayApiFields } from '@hookyard/delivery';
import type { Subscription } from '@hookyard/persistence';
import type { QuayNotificationResponse } from './dtos';

/** A subscription in Quay's notification shape. */
export function presentQuayNotification(subscription: Subscription): QuayNotificationResponse {
  const fields = subscription.apiFields as unknown as QuayApiFields;
  return {
    uuid: fields.uuid,
    title: fields.title,
    event: fields.event,
    method: fields.method,
    config: fields.config,
    event_config: fields.eventConfig,
    number_of_failures: subscription.consecutiveFailures,
  };
}
