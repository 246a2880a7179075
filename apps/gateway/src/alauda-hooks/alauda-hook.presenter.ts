import type { SubscriptionOf } from '@hookyard/persistence';
import { presentOptions } from '../subscriptions/subscription-options.service';
import type { AlaudaHookResponse } from './dtos';

/** A subscription in Alauda's hook shape (Alauda API docs), with the options it has. */
export function presentAlaudaHook(subscription: SubscriptionOf<'alauda'>): AlaudaHookResponse {
  const fields = subscription.apiFields;
  const { tagPattern, payloadFormat, headers, ordered, rateLimit } = presentOptions(subscription.options);
  return {
    id: fields.id,
    subject: fields.subject,
    subject_type: fields.subject_type,
    events: fields.events,
    name: fields.name,
    secret: subscription.secret,
    url: subscription.endpoint,
    is_active: !subscription.inactive,
    inactive_reason: subscription.inactiveReason ?? '',
    created_by: fields.created_by,
    created_at: subscription.createdAt.toISOString(),
    updated_at: fields.updated_at,
    ...(tagPattern && { tag_pattern: tagPattern }),
    ...(payloadFormat && { payload_format: payloadFormat }),
    ...(headers && { headers }),
    ...(ordered && { ordered }),
    ...(rateLimit && { rate_limit: rateLimit }),
  };
}
