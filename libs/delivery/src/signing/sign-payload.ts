import { createHmac, createSecretKey } from 'node:crypto';
import { memoizeByKey } from '@hookyard/util';
import { STANDARD_WEBHOOKS_SECRET_PREFIX } from './signing-secret';

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The HMAC key of a secret, as the standardwebhooks library reads it: `whsec_` secrets are base64
 * (Standard Webhooks); any other secret (Alauda's) is its characters as raw bytes. A KeyObject,
 * so that each signature does not import the key again.
 */
const keyFor = memoizeByKey((secret) =>
  createSecretKey(
    secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)
      ? Buffer.from(secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length), 'base64')
      : Buffer.from(secret, 'latin1'),
  ),
);

/**
 * Standard Webhooks headers for one attempt: the id stays the same on every retry of a delivery.
 * Signed with node:crypto's HMAC-SHA256 rather than the standardwebhooks library's pure-JS
 * SHA-256, which took 7% of a worker's CPU in a fan-out; the tests verify every signature with
 * the library. `previousSecret` (during a rotation) adds a second signature, space-separated, as
 * the Standard Webhooks spec allows: receivers holding either secret verify the delivery.
 */
export function signPayload(
  secret: string,
  webhookId: string,
  body: string,
  at: Date = new Date(),
  previousSecret?: string,
): SignatureHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signed = `${webhookId}.${timestamp}.${body}`;
  const signature = `v1,${createHmac('sha256', keyFor(secret)).update(signed).digest('base64')}`;
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': previousSecret
      ? `${signature} v1,${createHmac('sha256', keyFor(previousSecret)).update(signed).digest('base64')}`
      : signature,
  };
}
