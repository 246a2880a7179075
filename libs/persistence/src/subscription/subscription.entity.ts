import type { EventType, SubscriptionApi } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Why a subscription is inactive: `paused` through an API, `failed-deliveries` in a row reached
 * DELIVERY_DISABLE_AFTER_FAILURES, its endpoint answered 410 (`endpoint-gone`), its author's
 * account was deactivated (`author-deactivated`); `unknown` for those deactivated before reasons
 * were kept.
 */
export const INACTIVE_REASONS = [
  'paused',
  'failed-deliveries',
  'endpoint-gone',
  'author-deactivated',
  'unknown',
] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

/**
 * One subscription, whichever API made it. Matching uses `eventTypes`, `namespace` and
 * `repository`; the API-specific fields (Quay's event/method/config, Alauda's subject/name)
 * live in `apiFields` so delivery, retries and health are shared.
 */
@Entity('subscriptions')
@Index(['namespace', 'repository'])
export class Subscription {
  /** 64 hex characters, as DTR's webhook ids. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  api: SubscriptionApi;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: EventType[];

  /** DTR `key`: `namespace`, `namespace/repository`, or null for every repository (admins only). */
  @Column({ type: 'text', nullable: true })
  key: string | null;

  @Column({ type: 'text', nullable: true })
  namespace: string | null;

  @Column({ type: 'text', nullable: true })
  repository: string | null;

  @Column({ type: 'text' })
  endpoint: string;

  /** Who created it; it belongs to its target, not to them (their account's deactivation pauses it). */
  @Index('IDX_subscriptions_author_id')
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_successful_at', type: 'timestamptz', nullable: true })
  lastSuccessfulAt: Date | null;

  @Column({ type: 'boolean', default: false })
  inactive: boolean;

  /** Set while inactive, null while active. */
  @Column({ name: 'inactive_reason', type: 'varchar', length: 32, nullable: true })
  inactiveReason: InactiveReason | null;

  @Column({ name: 'tls_cert', type: 'text', default: '' })
  tlsCert: string;

  @Column({ name: 'skip_tls_verification', type: 'boolean', default: false })
  skipTlsVerification: boolean;

  /** Standard Webhooks signing secret (`whsec_...`, or Alauda's own secret). */
  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'api_fields', type: 'jsonb', default: {} })
  apiFields: Record<string, unknown>;
}
