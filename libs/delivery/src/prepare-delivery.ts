import type { CanonicalEvent, QuayDeliveryContext } from '@hookyard/events';
import type { DeliveryRequest } from './client/delivery-client';
import { CLOUDEVENTS_CONTENT_TYPE } from './render/cloudevents-payload';
import { DEFAULT_QUAY_CONTEXT, renderPayload, type RenderTarget } from './render/render-payload';
import { signPayload } from './signing/sign-payload';
import { maskedHeaders } from './static-headers/static-headers';

/** The User-Agent of every delivery, test deliveries included. */
export const DELIVERY_USER_AGENT = `Hookyard/${process.env.npm_package_version ?? '0.1.0'}`;

/** Where and how a subscription's payloads are sent: endpoint, secrets, TLS trust and static headers. */
export interface DeliveryEndpoint {
  endpoint: string;
  /** Signs the payload (Standard Webhooks). */
  secret: string;
  /** The secret a rotation replaced: it signs too until `previousSecretExpiresAt`. */
  previousSecret?: string | null;
  previousSecretExpiresAt?: Date | null;
  /** PEM CA certificate(s) the endpoint's TLS certificate must chain to; empty for the usual roots. */
  tlsCert?: string;
  skipTlsVerification?: boolean;
  /** The subscription's static headers, opened (see HeaderCipher). */
  staticHeaders?: Record<string, string>;
}

/** A request ready to send, and its headers as the delivery log may keep them. */
export interface PreparedDelivery extends DeliveryRequest {
  /** `headers` with the static headers' values masked; the same object when there are none. */
  loggedHeaders: Record<string, string>;
}

/** What sending an event needs of a subscription: its API's shape and its endpoint. */
export type DeliveryTarget = RenderTarget & DeliveryEndpoint;

/**
 * The request of one attempt to deliver `event` to `target`: rendered in the target's API shape
 * (or as a CloudEvent) and signed under `webhookId`, with the target's static headers. Real
 * deliveries and test deliveries are both made with it; `quayContext` is what Quay's bodies
 * depend on beyond the event (its repository scan threshold).
 */
export function prepareDelivery(
  target: DeliveryTarget,
  event: CanonicalEvent,
  webhookId: string,
  timeoutMs: number,
  quayContext: QuayDeliveryContext = DEFAULT_QUAY_CONTEXT,
): PreparedDelivery {
  const body = renderPayload(target, event, quayContext);
  const headers: Record<string, string> = {
    'content-type':
      target.options?.payloadFormat === 'cloudevents' ? CLOUDEVENTS_CONTENT_TYPE : 'application/json',
    'user-agent': DELIVERY_USER_AGENT,
    ...signPayload(target.secret, webhookId, body, new Date(), unexpiredPreviousSecret(target)),
  };
  const { staticHeaders } = target;
  return {
    url: target.endpoint,
    headers: staticHeaders ? { ...staticHeaders, ...headers } : headers,
    loggedHeaders: staticHeaders ? { ...maskedHeaders(Object.keys(staticHeaders)), ...headers } : headers,
    body,
    timeoutMs,
    tlsCa: target.tlsCert || undefined,
    skipTlsVerification: target.skipTlsVerification,
  };
}

function unexpiredPreviousSecret(target: DeliveryTarget): string | undefined {
  const { previousSecret, previousSecretExpiresAt } = target;
  if (!previousSecret || !previousSecretExpiresAt) return undefined;
  return previousSecretExpiresAt.getTime() > Date.now() ? previousSecret : undefined;
}
