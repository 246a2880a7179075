import { del, post, put, segment } from './api';
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
    });
  } else if (webhook.api === 'alauda') {
    await put(alaudaPath(webhook), { url: changes.endpoint, name: changes.name });
  } else {
    throw new Error('Quay notifications cannot be changed: delete it and create a new one.');
  }
}
