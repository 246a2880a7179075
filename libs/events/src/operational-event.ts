import type { CanonicalEvent } from './canonical-event';
import type { ContentsOf } from './contents-schemas';
import { eventIdFor } from './event-id';
import type { OperationalEventType } from './event-types';

/** The source of operational events (CloudEvents `source` `/hookyard/<namespace>/<repository>`). */
export const OPERATIONAL_EVENT_SOURCE = 'hookyard';

/**
 * An operational event, scoped as the webhook it is about (its namespace and repository, from its
 * contents). `dedupKey` names what happened once (e.g. the delivery that was exhausted), so a
 * worker that runs the same job again emits it once; the id derives from it.
 */
export function operationalEvent<T extends OperationalEventType>(
  type: T,
  contents: ContentsOf<T>,
  dedupKey: string,
  occurredAt: string,
): CanonicalEvent {
  const key = `operational:${type}:${dedupKey}`;
  return {
    id: eventIdFor(key),
    type,
    occurredAt,
    source: OPERATIONAL_EVENT_SOURCE,
    ...(contents.namespace !== undefined && { namespace: contents.namespace }),
    ...(contents.repository !== undefined && { repository: contents.repository }),
    contents: contents as Record<string, unknown>,
    dedupKey: key,
  };
}
