import type { CanonicalEvent } from '../canonical-event';
import type { EventType } from '../event-types';

/**
 * The types whose events name tags: a `tag` in their contents (TAG_*, scans, promotions,
 * mirroring, quota, Alauda's build) or `tags` (Quay's builds and mirror syncs). An event of one of
 * them may still name none (a scan of a manifest pushed by digest, a failed build).
 */
export const TAGGED_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'TAG_PUSH',
  'TAG_PULL',
  'TAG_DELETE',
  'SCAN_COMPLETED',
  'SCAN_FAILED',
  'SCAN_STOPPED',
  'PROMOTION',
  'PUSH_MIRRORING',
  'POLL_MIRRORING',
  'BUILD_COMPLETED',
  'BUILD_QUEUED',
  'BUILD_STARTED',
  'BUILD_CANCELLED',
  'MIRROR_SYNC_STARTED',
  'MIRROR_SYNC_FAILED',
  'QUOTA_EXCEEDED',
  'QUOTA_WARNING',
]);

/** The types whose events name no repository: a namespace's retention run, the scanner's update. */
const REPOSITORY_LESS_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'RETENTION_COMPLETED',
  'SCANNER_UPDATE_COMPLETED',
]);

export const namesRepositories = (type: EventType): boolean => !REPOSITORY_LESS_TYPES.has(type);

/** The tags an event names: its contents' `tag` (when not empty) or `tags`. */
export function eventTags(event: CanonicalEvent): readonly string[] {
  const { tag, tags } = event.contents as { tag?: unknown; tags?: unknown };
  if (typeof tag === 'string') return tag === '' ? [] : [tag];
  return Array.isArray(tags) ? tags.filter((name): name is string => typeof name === 'string') : [];
}
