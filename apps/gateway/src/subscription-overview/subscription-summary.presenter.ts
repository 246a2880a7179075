import type { Subscription } from '@hookyard/persistence';
import type { SubscriptionHealth, SubscriptionSummaryResponse } from './dtos';

export function healthOf(subscription: Subscription): SubscriptionHealth {
  if (subscription.inactive) return 'inactive';
  return subscription.consecutiveFailures > 0 ? 'failing' : 'healthy';
}

/** A subscription of any API in one shape. */
export function presentSubscriptionSummary(subscription: Subscription): SubscriptionSummaryResponse {
  const quay = subscription.api === 'quay' ? subscription.apiFields : undefined;
  const alauda = subscription.api === 'alauda' ? subscription.apiFields : undefined;
  return {
    id: subscription.id,
    api: subscription.api,
    name: alauda?.name ?? quay?.title ?? '',
    eventTypes: subscription.eventTypes,
    apiEvents: alauda?.events ?? (quay ? [quay.event] : subscription.eventTypes),
    key: subscription.key ?? '',
    endpoint: subscription.endpoint,
    method: quay?.method ?? 'webhook',
    authorID: subscription.authorId,
    createdAt: subscription.createdAt.toISOString(),
    lastSuccessfulAt: subscription.lastSuccessfulAt?.toISOString() ?? null,
    consecutiveFailures: subscription.consecutiveFailures,
    inactive: subscription.inactive,
    inactiveReason: subscription.inactiveReason ?? '',
    health: healthOf(subscription),
    tlsCert: subscription.tlsCert,
    skipTLSVerification: subscription.skipTlsVerification,
    ref: quay ? { uuid: quay.uuid } : alauda ? { hookId: alauda.id } : {},
  };
}
