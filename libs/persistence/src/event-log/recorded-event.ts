import { oncePerEvent, type CanonicalEvent, type EventType } from '@hookyard/events';
import { unstorableText } from '@hookyard/util';

/** The activity stream's events of some ids ($1, a text array), as recordedEvent reads them. */
export const RECORDED_EVENTS_BY_ID = `SELECT id, type, namespace, repository, published_at, event
  FROM event_log WHERE id = ANY($1::text[])`;

export interface RecordedEventRow {
  id: string;
  type: EventType;
  namespace: string | null;
  repository: string | null;
  published_at: Date;
  /** What the columns do not hold (rows recorded before that hold the whole event, a superset). */
  event: Pick<CanonicalEvent, 'occurredAt' | 'source' | 'contents'>;
}

/**
 * A recorded event as the canonical event it was: every field but `dedupKey`, which only ingest
 * reads; `acceptedAt` is its publication, ingest's acceptance (the recorder's read for an event
 * without one).
 */
export function recordedEvent(row: RecordedEventRow): CanonicalEvent {
  const { occurredAt, source, contents } = row.event;
  const event: CanonicalEvent = { id: row.id, type: row.type, occurredAt, source, contents };
  if (row.namespace !== null) event.namespace = row.namespace;
  if (row.repository !== null) event.repository = row.repository;
  event.acceptedAt = row.published_at.toISOString();
  return event;
}

/**
 * Whether the activity stream records `event` as it is: its recorder refuses a NUL character or an
 * unpaired surrogate anywhere in it (EventLogRepository.record), contents and keys included.
 */
export const activityStreamStores = oncePerEvent((event) => storable(event));

/** A NUL or any surrogate: only a string holding one needs the exact check. */
const SUSPECT_TEXT = /[\0\ud800-\udfff]/;

// Called for every delivery with one subscription per event: no arrays of entries made per object.
function storable(value: unknown): boolean {
  if (typeof value === 'string') return !SUSPECT_TEXT.test(value) || unstorableText(value) === undefined;
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!storable(item)) return false;
    return true;
  }
  for (const key in value)
    if (!storable(key) || !storable((value as Record<string, unknown>)[key])) return false;
  return true;
}
