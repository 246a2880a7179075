import { hash } from 'node:crypto';

/** The Standard Webhooks message id of one (event, subscription) delivery: the same on every attempt. */
export function webhookIdFor(eventId: string, subscriptionId: string): string {
  return `msg_${hash('sha256', `${eventId}:${subscriptionId}`, 'hex').slice(0, 32)}`;
}
