import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One HTTP attempt of a delivery after its first (which is stored on the delivery row): what was
 * sent and what came back (or why nothing did). DeliveryLogRepository.listAttempts returns every
 * attempt in this shape, the first included. No foreign key: attempts are written with their
 * delivery in one transaction and pruned with it, and the key's check cost PostgreSQL about a
 * tenth of its CPU per logged delivery.
 */
@Entity('delivery_attempts')
export class DeliveryAttempt {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  /** 1 for the first attempt; a job re-run after a crash reuses its number. */
  @PrimaryColumn({ name: 'attempt_number', type: 'int' })
  attemptNumber: number;

  @Column({ name: 'request_headers', type: 'json' })
  requestHeaders: Record<string, string>;

  @Column({ name: 'request_body', type: 'text' })
  requestBody: string;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_headers', type: 'json', nullable: true })
  responseHeaders: Record<string, string> | null;

  /** The first RESPONSE_BODY_LIMIT bytes of the response body. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  /** Connection, timeout or refusal error; null when a response arrived. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
