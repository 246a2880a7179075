import type { CanonicalEvent, EventType } from '@hookyard/events';

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
