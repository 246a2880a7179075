import type { ApiSpecificFields, EventType, SubscriptionApi, SubscriptionOptions } from '@hookyard/events';
import { EntitySchema } from 'typeorm';

/**
 * Why a subscription is inactive: `paused` through an API, `failed-deliveries` in a row reached
 * DELIVERY_DISABLE_AFTER_FAILURES, its endpoint answered 410 (`endpoint-gone`), its author's
 * account was deactivated (`author-deactivated`) or deleted (`author-deleted`); `unknown` for those
 * deactivated before reasons were kept.
 */
export const INACTIVE_REASONS = [
  'paused',
  'failed-deliveries',
  'endpoint-gone',
  'author-deactivated',
  'author-deleted',
  'unknown',
] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

/** The columns every subscription has, whichever API made it. */
interface SubscriptionColumns {
  /** 64 hex characters, as DTR's webhook ids. */
  id: string;
  eventTypes: EventType[];
  /** DTR `key`: `namespace`, `namespace/repository`, or null for every repository (admins only). */
  key: string | null;
  namespace: string | null;
  repository: string | null;
  endpoint: string;
  /** Who created it; it belongs to its target, not to them (their account's deactivation pauses it). */
  authorId: string;
  createdAt: Date;
  lastSuccessfulAt: Date | null;
  inactive: boolean;
  /** Set while inactive, null while active. */
  inactiveReason: InactiveReason | null;
  tlsCert: string;
  skipTlsVerification: boolean;
  /** Standard Webhooks signing secret (`whsec_...`, or Alauda's own secret). */
  secret: string;
  /** The secret before the last rotation: deliveries carry its signature too until it expires. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  /** Filters, payload format and static headers, the same for every API; `{}` for none. */
  options: SubscriptionOptions;
}

/**
 * One subscription, whichever API made it. Matching uses `eventTypes`, `namespace` and
 * `repository`; the API-specific fields (Quay's event/method/config, Alauda's subject/name)
 * live in `apiFields`, typed by `api`, so delivery, retries and health are shared.
 */
export type Subscription = SubscriptionColumns & ApiSpecificFields;

/** A subscription made through `api`. */
export type SubscriptionOf<A extends SubscriptionApi> = Extract<Subscription, { api: A }>;

export const isSubscriptionOf = <A extends SubscriptionApi>(
  subscription: Subscription,
  api: A,
): subscription is SubscriptionOf<A> => subscription.api === api;

/**
 * The `subscriptions` table. A schema rather than a decorated class: a class cannot be a union,
 * and the union is what ties each API's `apiFields` to its `api`.
 */
export const Subscription = new EntitySchema<Subscription>({
  name: 'Subscription',
  tableName: 'subscriptions',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    api: { type: 'varchar', length: 16 },
    eventTypes: { name: 'event_types', type: 'text', array: true },
    key: { type: 'text', nullable: true },
    namespace: { type: 'text', nullable: true },
    repository: { type: 'text', nullable: true },
    endpoint: { type: 'text' },
    authorId: { name: 'author_id', type: 'uuid' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    lastSuccessfulAt: { name: 'last_successful_at', type: 'timestamptz', nullable: true },
    inactive: { type: 'boolean', default: false },
    inactiveReason: { name: 'inactive_reason', type: 'varchar', length: 32, nullable: true },
    tlsCert: { name: 'tls_cert', type: 'text', default: '' },
    skipTlsVerification: { name: 'skip_tls_verification', type: 'boolean', default: false },
    secret: { type: 'text' },
    previousSecret: { name: 'previous_secret', type: 'text', nullable: true },
    previousSecretExpiresAt: { name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true },
    consecutiveFailures: { name: 'consecutive_failures', type: 'int', default: 0 },
    apiFields: { name: 'api_fields', type: 'jsonb', default: {} },
    options: { type: 'jsonb', default: {} },
  },
  // Listings read them in their keyset order (created_at, id): of one API, of one namespace of
  // it, of one repository of it or a namespace as a whole (repository IS NULL); the console's
  // overview of every API the same, of everything, of one namespace or of one repository. An
  // author's subscriptions, and their active ones counted for the per-account cap.
  indices: [
    { name: 'IDX_subscriptions_author_inactive', columns: ['authorId', 'inactive'] },
    { name: 'IDX_subscriptions_created', columns: ['createdAt', 'id'] },
    { name: 'IDX_subscriptions_namespace_created', columns: ['namespace', 'createdAt', 'id'] },
    {
      name: 'IDX_subscriptions_repository_created',
      columns: ['namespace', 'repository', 'createdAt', 'id'],
    },
    { name: 'IDX_subscriptions_api_created', columns: ['api', 'createdAt', 'id'] },
    { name: 'IDX_subscriptions_api_namespace_created', columns: ['api', 'namespace', 'createdAt', 'id'] },
    {
      name: 'IDX_subscriptions_api_repository_created',
      columns: ['api', 'namespace', 'repository', 'createdAt', 'id'],
    },
    // Alauda's hooks by id, and by subject type in the listing order: expression indexes, which
    // TypeORM cannot describe, made by their migration (ListingIndexes) and left alone here.
    { name: 'IDX_subscriptions_alauda_hook_id', synchronize: false },
    { name: 'IDX_subscriptions_alauda_subject_type', synchronize: false },
  ],
});
