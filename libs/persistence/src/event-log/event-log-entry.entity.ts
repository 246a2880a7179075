import type { CanonicalEvent, EventType } from '@hookyard/events';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The part of a canonical event the activity stream keeps beside its columns. Rows recorded
 * before it kept no more than this hold the whole canonical event, a superset.
 */
export type RecordedEvent = Pick<CanonicalEvent, 'occurredAt' | 'source' | 'contents'>;

/**
 * One accepted event in the activity stream (DTR's events API), newest first by `publishedAt`.
 * Every listing filter has an index ending in (published_at, id), the order pages are read in.
 */
@Entity('event_log')
@Index('IDX_event_log_published', ['publishedAt', 'id'])
@Index('IDX_event_log_namespace', ['namespace', 'publishedAt', 'id'])
@Index('IDX_event_log_repository', ['namespace', 'repository', 'publishedAt', 'id'])
@Index('IDX_event_log_type', ['type', 'publishedAt', 'id'])
@Index('IDX_event_log_actor', ['actor', 'publishedAt', 'id'])
export class EventLogEntry {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: EventType;

  @Column({ type: 'text', nullable: true })
  namespace: string | null;

  @Column({ type: 'text', nullable: true })
  repository: string | null;

  /** Who caused it (the contents' `author`); '' when the producer names nobody. */
  @Column({ type: 'text' })
  actor: string;

  /** When ingest accepted it. */
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  /** What the listing shows of the event beyond the columns. */
  @Column({ type: 'json' })
  event: RecordedEvent;
}
