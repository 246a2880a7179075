import { createHash } from 'node:crypto';

/** The Standard Webhooks message id of one (event, subscription) delivery: the same on every attempt. */
export function webhookIdFor(eventId: string, subscriptionId: string): string {
  return `msg_${createHash('sha256').update(`${eventId}:${subscriptionId}`).digest('hex').slice(0, 32)}`;
}
