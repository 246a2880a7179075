import type { EventType } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** pending: attempted, retries left; succeeded: a 2xx; failed: retries exhausted or refused; skipped: subscription gone or inactive. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'skipped'];

/**
 * One (event, subscription) delivery job, or a manual redelivery of one, in the delivery log. What
 * was sent is in its attempts.
 */
@Entity('deliveries')
// A subscription's log, newest first, of every status or of one (keyset order: creation, then id).
@Index('IDX_deliveries_subscription_created', ['subscriptionId', 'createdAt', 'id'])
@Index('IDX_deliveries_subscription_status_created', ['subscriptionId', 'status', 'createdAt', 'id'])
export class Delivery {
  /** Derived from the BullMQ job id, so a re-run of the same job updates the same row. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The event, stored once in delivery_events. */
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
}
