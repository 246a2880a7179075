import { randomBytes } from 'node:crypto';

/** A new Standard Webhooks secret for APIs that have none of their own (DTR, Quay). */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
