import type { CanonicalEvent, EventType } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** pending: attempted, retries left; succeeded: a 2xx; failed: retries exhausted or refused; skipped: subscription gone or inactive. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'skipped'];

/**
 * A condition every delivery at `alias` meets, naming each status: with it, a subscription's
 * deliveries since a time are read as one range of the status index per status.
 */
export const anyDeliveryStatus = (alias: string) =>
  `${alias}.status = ANY('{${DELIVERY_STATUSES.join(',')}}')`;

/**
 * One (event, subscription) delivery job, or a manual redelivery of one, in the delivery log: one
 * row per delivery, with its first attempt in it (most deliveries have no other), so that
 * logging a delivery writes one row. Later attempts are rows of `delivery_attempts`. The event
 * is stored on one delivery of each write of the log (the event's "carrier"), not on each of a
 * fan-out's; DeliveryLogRepository reads it from there.
 */
@Entity('deliveries')
// A subscription's log, newest first (keyset order: creation, then id), of one status, or of every
// status as one range per status, merged (DeliveryLogRepository.listDeliveries). A subscription's
// whole log has no index of its own: one index entry fewer per delivery logged cost PostgreSQL
// 11-15% less CPU per delivery (bench/README.md).
@Index('IDX_deliveries_subscription_status_created', ['subscriptionId', 'status', 'createdAt', 'id'])
@Index('IDX_deliveries_event_carrier', ['eventId'], { where: 'event IS NOT NULL' })
export class Delivery {
  /** Derived from the BullMQ job id, so a re-run of the same job updates the same row. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 64 })
  subscriptionId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: EventType;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Indexed for pruning by DELIVERY_LOG_RETENTION. */
  @Index()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The event, on its carrier deliveries only (see the class); read with DeliveryLogRepository.findEvent. */
  @Column({ type: 'json', nullable: true, select: false })
  event: CanonicalEvent | null;

  // The first attempt (null until it is made); read with DeliveryLogRepository.listAttempts.
  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true, select: false })
  firstAttemptAt: Date | null;

  @Column({ name: 'first_request_headers', type: 'json', nullable: true, select: false })
  firstRequestHeaders: Record<string, string> | null;

  @Column({ name: 'first_request_body', type: 'text', nullable: true, select: false })
  firstRequestBody: string | null;

  /** Instead of the text, a body several rows of a write share (DeliveryRequestBody). */
  @Column({ name: 'first_request_body_id', type: 'bytea', nullable: true, select: false })
  firstRequestBodyId: Buffer | null;

  @Column({ name: 'first_response_status', type: 'int', nullable: true, select: false })
  firstResponseStatus: number | null;

  @Column({ name: 'first_response_headers', type: 'json', nullable: true, select: false })
  firstResponseHeaders: Record<string, string> | null;

  @Column({ name: 'first_response_body', type: 'text', nullable: true, select: false })
  firstResponseBody: string | null;

  @Column({ name: 'first_duration_ms', type: 'int', nullable: true, select: false })
  firstDurationMs: number | null;

  @Column({ name: 'first_error', type: 'text', nullable: true, select: false })
  firstError: string | null;
}
