import type { CanonicalEvent, QuayDeliveryContext } from '@hookyard/events';
import type { DeliveryRequest } from './client/delivery-client';
import { DEFAULT_QUAY_CONTEXT, renderPayload, type RenderTarget } from './render/render-payload';
import { signPayload } from './signing/sign-payload';

/** The User-Agent of every delivery, test deliveries included. */
export const DELIVERY_USER_AGENT = `Hookyard/${process.env.npm_package_version ?? '0.1.0'}`;

/** Where and how a subscription's payloads are sent: endpoint, secret and TLS trust. */
export interface DeliveryEndpoint {
  endpoint: string;
  /** Signs the payload (Standard Webhooks). */
  secret: string;
  /** PEM CA certificate(s) the endpoint's TLS certificate must chain to; empty for the usual roots. */
  tlsCert?: string;
  skipTlsVerification?: boolean;
}

/** What sending an event needs of a subscription: its API's shape and its endpoint. */
export type DeliveryTarget = RenderTarget & DeliveryEndpoint;

/**
 * The request of one attempt to deliver `event` to `target`: rendered in the target's API shape
 * and signed under `webhookId`. Real deliveries and test deliveries are both made with it;
 * `quayContext` is what Quay's bodies depend on beyond the event (its repository scan threshold).
 */
export function prepareDelivery(
  target: DeliveryTarget,
  event: CanonicalEvent,
  webhookId: string,
  timeoutMs: number,
  quayContext: QuayDeliveryContext = DEFAULT_QUAY_CONTEXT,
): DeliveryRequest {
  const body = renderPayload(target, event, quayContext);
  return {
    url: target.endpoint,
    headers: {
      'content-type': 'application/json',
      'user-agent': DELIVERY_USER_AGENT,
      ...signPayload(target.secret, webhookId, body),
    },
    body,
    timeoutMs,
    tlsCa: target.tlsCert || undefined,
    skipTlsVerification: target.skipTlsVerification,
  };
}
