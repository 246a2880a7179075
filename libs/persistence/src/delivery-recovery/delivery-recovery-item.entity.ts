import type { EventType } from '@hookyard/events';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DeliveryRecovery } from './delivery-recovery.entity';

/**
 * One failed message a recovery sends again: the delivery it failed in (what a redelivery needs of
 * it is copied, as the log may be pruned meanwhile) and, once queued, the new delivery's id.
 */
@Entity('delivery_recovery_items')
export class DeliveryRecoveryItem {
  @PrimaryColumn({ name: 'recovery_id', type: 'uuid' })
  recoveryId: string;

  /** 1-based, in the order the deliveries failed. */
  @PrimaryColumn({ type: 'int' })
  position: number;

  @ManyToOne(() => DeliveryRecovery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recovery_id', foreignKeyConstraintName: 'FK_delivery_recovery_items_recovery' })
  recovery?: DeliveryRecovery;

  /** The failed delivery. */
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: EventType;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  /** The delivery that sends it again, once queued. */
  @Column({ name: 'redelivery_id', type: 'uuid', nullable: true })
  redeliveryId: string | null;
}
