import type { CanonicalEvent, EventType } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** pending: attempted, retries left; succeeded: a 2xx; failed: retries exhausted or refused; skipped: subscription gone or inactive. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'skipped'];

/** One (event, subscription) delivery job, or a manual redelivery of one, in the delivery log. */
@Entity('deliveries')
@Index(['subscriptionId', 'createdAt'])
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

  /** The rendered body last sent (empty when nothing was sent). */
  @Column({ name: 'request_body', type: 'text', default: '' })
  requestBody: string;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus: number | null;

  /** The canonical event, so a redelivery renders it again with the subscription's current settings. */
  @Column({ type: 'json' })
  event: CanonicalEvent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Indexed for pruning by DELIVERY_LOG_RETENTION. */
  @Index()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
