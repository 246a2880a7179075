import type { SubscriptionOf } from '@hookyard/persistence';
import type { QuayNotificationResponse } from './dtos';

/** A subscription in Quay's notification shape. */
export function presentQuayNotification(subscription: SubscriptionOf<'quay'>): QuayNotificationResponse {
  const fields = subscription.apiFields;
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
