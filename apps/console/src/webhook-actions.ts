import { del, post, put, segment } from './api';
import { DeliveryOptions, optionsRequest } from './delivery-options';
import type { Subscription } from './types';

/**
 * What the console does to a webhook goes through the API that made it (DTR, Quay, Alauda), so it
 * follows that API's rules and changes exactly what a script using it would.
 */

function quayPath(webhook: Subscription): string {
  const [namespace, repository] = webhook.key.split('/');
  return `/api/v1/repository/${segment(namespace)}/${segment(repository)}/notification/${segment(webhook.ref.uuid ?? '')}`;
}

const alaudaPath = (webhook: Subscription) => `/v1/hooks/${webhook.ref.hookId}`;

export async function reenableWebhook(webhook: Subscription): Promise<void> {
  if (webhook.api === 'dtr')
    await post('/api/v0/webhooks/update', { webhookID: webhook.id, inactive: false });
  else if (webhook.api === 'quay') await post(quayPath(webhook));
  else await put(alaudaPath(webhook), { is_active: true });
}

export async function deleteWebhook(webhook: Subscription): Promise<void> {
  if (webhook.api === 'dtr') await del(`/api/v0/webhooks/${segment(webhook.id)}`);
  else if (webhook.api === 'quay') await del(quayPath(webhook));
  else await del(alaudaPath(webhook));
}

export interface WebhookChanges {
  endpoint: string;
  name: string;
  tlsCert: string;
  skipTLSVerification: boolean;
  options: DeliveryOptions;
}

/** Quay's API has no update: its notifications are deleted and made again. */
export const canEdit = (webhook: Subscription) => webhook.api !== 'quay';

export async function updateWebhook(webhook: Subscription, changes: WebhookChanges): Promise<void> {
  if (webhook.api === 'dtr') {
    await post('/api/v0/webhooks/update', {
      webhookID: webhook.id,
      endpoint: changes.endpoint,
      tlsCert: changes.tlsCert,
      skipTLSVerification: changes.skipTLSVerification,
      ...optionsRequest('dtr', changes.options, true),
    });
  } else if (webhook.api === 'alauda') {
    await put(alaudaPath(webhook), {
      url: changes.endpoint,
      name: changes.name,
      ...optionsRequest('alauda', changes.options, true),
    });
  } else {
    throw new Error('Quay notifications cannot be changed: delete it and create a new one.');
  }
}

/** Quay notifications show no secret, so there is none to rotate. */
export const canRotateSecret = (webhook: Subscription) => webhook.api !== 'quay';

export interface RotatedSecret {
  secret: string;
  previousSecretExpiresAt: string;
}

/**
 * A new signing secret; the current one keeps signing beside it for `expireAfter` (a duration such
 * as 24h; 0s ends it at once), so receivers switch without a gap.
 */
export async function rotateSecret(webhook: Subscription, expireAfter: string): Promise<RotatedSecret> {
  if (webhook.api === 'dtr') {
    return post<RotatedSecret>(`/api/v0/webhooks/${segment(webhook.id)}/secret/rotate`, { expireAfter });
  }
  if (webhook.api === 'alauda') {
    const rotated = await post<{ secret: string; previous_secret_expires_at: string }>(
      `${alaudaPath(webhook)}/secret/rotate`,
      { expire_after: expireAfter },
    );
    return { secret: rotated.secret, previousSecretExpiresAt: rotated.previous_secret_expires_at };
  }
  throw new Error('Quay notifications have no secret to rotate.');
}
