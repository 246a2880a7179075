import type { CanonicalEvent, EventType } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A delivered event, stored once however many subscriptions it went to: a redelivery renders it
 * again with the subscription's current settings. Kept while a delivery refers to it.
 */
@Entity('delivery_events')
export class DeliveryEvent {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: EventType;

  @Column({ type: 'json' })
  event: CanonicalEvent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
