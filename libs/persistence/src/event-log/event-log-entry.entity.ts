import type { CanonicalEvent, EventType } from '@hookyard/events';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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

  /** The canonical event as the stream held it. */
  @Column({ type: 'json' })
  event: CanonicalEvent;
}
