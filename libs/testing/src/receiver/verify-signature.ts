import { Webhook } from 'standardwebhooks';
import type { RecordedRequest } from './receiver';

/**
 * Checks a received delivery's Standard Webhooks signature with the `standardwebhooks` library, as
 * a subscriber would, and returns the verified payload (it throws when the signature is wrong).
 * `raw`: the secret is used as raw bytes (Alauda hooks), not as a `whsec_` base64 secret.
 */
export function verifySignature(secret: string, request: RecordedRequest, format?: 'raw'): unknown {
  return new Webhook(secret, format && { format }).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}
