import type { SubscriptionOf } from '@hookyard/persistence';
import type { AlaudaHookResponse } from './dtos';

/** A subscription in Alauda's hook shape (Alauda API docs). */
export function presentAlaudaHook(subscription: SubscriptionOf<'alauda'>): AlaudaHookResponse {
  const fields = subscription.apiFields;
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
  };
}
