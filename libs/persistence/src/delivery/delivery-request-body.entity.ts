import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A request body that several deliveries of one write of the log sent (a fan-out's rows to
 * subscriptions of one API share one rendered body), stored once: those rows hold its id in
 * `first_request_body_id` instead of the text. A body used by one row stays in the row.
 *
 * No foreign key (its check would cost every row an index lookup); what holds instead: a body is
 * written before the rows that name it, its `used_at` is at least their `updated_at` (the latest
 * write naming it), a row updated after its first attempt takes the text back into itself, and
 * pruning removes the deliveries before the bodies, with the same cutoff.
 */
@Entity('delivery_request_bodies')
@Index('IDX_delivery_request_bodies_used_at', ['usedAt'])
export class DeliveryRequestBody {
  /**
   * The body's SHA-256: the same body gets the same row. All 256 bits, not a shorter id: bodies
   * carry what registry users chose (tags, labels), and two that collided would show one's log
   * under the other's delivery.
   */
  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'PK_delivery_request_bodies' })
  id: Buffer;

  @Column({ type: 'text' })
  body: string;

  /** When the latest write naming it was recorded; pruned with the deliveries by DELIVERY_LOG_RETENTION. */
  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt: Date;
}
