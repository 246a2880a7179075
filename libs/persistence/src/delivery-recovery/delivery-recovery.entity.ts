import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * queuing: its deliveries are being handed to the delivery queue; queued: all of them were;
 * stopped: it ended before that (the webhook was turned off or deleted, or it stalled).
 */
export type DeliveryRecoveryState = 'queuing' | 'queued' | 'stopped';

/**
 * A recovery of a webhook's failed deliveries (`POST /api/v0/webhooks/{id}/deliveries/recover`):
 * the failed messages since `since`, chosen when it was asked for (its items), sent again in the
 * background. One at a time per webhook while queuing.
 */
@Entity('delivery_recoveries')
@Index('IDX_delivery_recoveries_queuing', ['subscriptionId'], { unique: true, where: `"state" = 'queuing'` })
export class DeliveryRecovery {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 64 })
  subscriptionId: string;

  @Column({ type: 'timestamptz' })
  since: Date;

  /** The account that asked for it. */
  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  /** How many deliveries it sends again (its items). */
  @Column({ type: 'int' })
  total: number;

  /** More failed messages matched than a recovery takes: the newest were left out. */
  @Column({ type: 'boolean' })
  truncated: boolean;

  @Column({ type: 'varchar', length: 16 })
  state: DeliveryRecoveryState;

  /** Why it stopped, while `stopped`. */
  @Column({ name: 'stopped_reason', type: 'text', nullable: true })
  stoppedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Moves with every chunk queued: a recovery queuing that has not moved for long has stalled. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
