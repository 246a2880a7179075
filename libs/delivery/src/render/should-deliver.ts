import { quayNotificationWants, type CanonicalEvent, type QuayDeliveryContext } from '@hookyard/events';
import type { RenderTarget } from './render-payload';

/** Source of the synthetic events a "test this subscription" request queues. */
export const TEST_EVENT_SOURCE = 'test';

/**
 * Whether a matched event is one the subscription wants: the filters finer than event type
 * (Quay's scan threshold and eventConfig, build outcome). Test events always go out, as in Quay.
 */
export function shouldDeliver(
  target: RenderTarget,
  event: CanonicalEvent,
  quayContext: QuayDeliveryContext,
): boolean {
  if (target.api !== 'quay' || event.source === TEST_EVENT_SOURCE) return true;
  return quayNotificationWants(target.apiFields, event, quayContext);
}
