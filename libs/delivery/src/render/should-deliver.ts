import type { BuildCompletedContents, CanonicalEvent, ScanCompletedContents } from '@hookyard/events';
import type { QuayApiFields } from './quay-events';
import { priorityRank, scanPriority } from './quay-payload';
import type { RenderTarget } from './render-payload';

/** Source of the synthetic events a "test this subscription" request queues. */
export const TEST_EVENT_SOURCE = 'test';

/**
 * Whether a matched event is one the subscription wants: the filters finer than event type
 * (Quay's minimum vulnerability priority, build outcome). Test events always go out, as in Quay.
 */
export function shouldDeliver(target: RenderTarget, event: CanonicalEvent): boolean {
  if (target.api !== 'quay' || event.source === TEST_EVENT_SOURCE) return true;
  const fields = target.apiFields as unknown as QuayApiFields;
  switch (fields.event) {
    case 'vulnerability_found': {
      const found = scanPriority(event.contents as unknown as ScanCompletedContents);
      const minimum = fields.eventConfig?.vulnerability?.priority ?? 'Unknown';
      return found !== undefined && priorityRank(found) >= priorityRank(minimum);
    }
    case 'build_success':
      return (event.contents as unknown as BuildCompletedContents).status === 'succeeded';
    case 'build_failure':
      return (event.contents as unknown as BuildCompletedContents).status === 'failed';
    default:
      return true;
  }
}
