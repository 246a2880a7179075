import type { SubscriptionOf } from '@hookyard/persistence';
import { presentOptions } from '../subscriptions/subscription-options.service';
import type { QuayNotificationResponse } from './dtos';

/** A subscription in Quay's notification shape; its options where they were given, in config and eventConfig. */
export function presentQuayNotification(subscription: SubscriptionOf<'quay'>): QuayNotificationResponse {
  const fields = subscription.apiFields;
  const { tagPattern, repositoryPattern, payloadFormat, headers, ordered, rateLimit } = presentOptions(
    subscription.options,
  );
  return {
    uuid: fields.uuid,
    title: fields.title,
    event: fields.event,
    method: fields.method,
    config: {
      ...fields.config,
      ...(payloadFormat && { payloadFormat }),
      ...(headers && { headers }),
      ...(ordered && { ordered }),
      ...(rateLimit && { rateLimit }),
    },
    event_config: {
      ...fields.eventConfig,
      ...(tagPattern && { tagPattern }),
      ...(repositoryPattern && { repositoryPattern }),
    },
    number_of_failures: subscription.consecutiveFailures,
  };
}
