import { randomBytes } from 'node:crypto';

/** Marks a Standard Webhooks secret, whose rest is the base64 of the HMAC key. */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = 'whsec_';

/** A new Standard Webhooks secret for APIs that have none of their own (DTR, Quay). */
export function generateSigningSecret(): string {
  return `${STANDARD_WEBHOOKS_SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}
