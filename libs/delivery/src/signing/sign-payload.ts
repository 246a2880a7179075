import { Webhook } from 'standardwebhooks';

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const signers = new Map<string, Webhook>();

/** `whsec_` secrets are base64 (Standard Webhooks); any other secret (Alauda's) is used as raw bytes. */
function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    signer = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
    if (signers.size > 10_000) signers.clear();
    signers.set(secret, signer);
  }
  return signer;
}

/** Standard Webhooks headers for one attempt: the id stays the same on every retry of a delivery. */
export function signPayload(
  secret: string,
  webhookId: string,
  body: string,
  at: Date = new Date(),
): SignatureHeaders {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signerFor(secret).sign(webhookId, at, body),
  };
}
