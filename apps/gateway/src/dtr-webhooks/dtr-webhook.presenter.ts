import type { Subscription } from '@hookyard/persistence';
import { PresentedOptions, presentOptions } from '../subscriptions/subscription-options.service';

/** DTR's zero time, shown before a webhook's first successful delivery (DTR webhook API docs). */
export const DTR_ZERO_TIME = '0001-01-01T00:00:00Z';

export interface DtrWebhook extends PresentedOptions {
  id: string;
  type: string;
  key: string;
  endpoint: string;
  authorID: string;
  createdAt: string;
  lastSuccessfulAt: string;
  inactive: boolean;
  inactiveReason: string;
  tlsCert: string;
  skipTLSVerification: boolean;
}

/** A subscription in DTR's webhook shape, with the options it has (none: exactly DTR's). */
export function presentDtrWebhook(subscription: Subscription): DtrWebhook {
  return {
    id: subscription.id,
    type: subscription.eventTypes[0],
    key: subscription.key ?? '',
    endpoint: subscription.endpoint,
    authorID: subscription.authorId,
    createdAt: subscription.createdAt.toISOString(),
    lastSuccessfulAt: subscription.lastSuccessfulAt?.toISOString() ?? DTR_ZERO_TIME,
    inactive: subscription.inactive,
    inactiveReason: subscription.inactiveReason ?? '',
    tlsCert: subscription.tlsCert,
    skipTLSVerification: subscription.skipTlsVerification,
    ...presentOptions(subscription.options),
  };
}

/** A webhook's secret, and while a rotated-out one still signs, when it stops. */
export function presentWebhookSecret({ id, secret, previousSecretExpiresAt }: Subscription) {
  const rotating = previousSecretExpiresAt && previousSecretExpiresAt.getTime() > Date.now();
  return { id, secret, ...(rotating && { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() }) };
}
