/**
 * Payload formats a subscription may ask for instead of its API's own (DTR's wrapper, Quay's event
 * data, Alauda's hook payload): CloudEvents 1.0, structured mode.
 */
export const ALTERNATIVE_PAYLOAD_FORMATS = ['cloudevents'] as const;
export type AlternativePayloadFormat = (typeof ALTERNATIVE_PAYLOAD_FORMATS)[number];

/** Bounds of a subscription's `rateLimit`, in deliveries per second. */
export const RATE_LIMIT_MIN = 1;
export const RATE_LIMIT_MAX = 10_000;

/** Static headers as stored: names in the clear (for masked listings), names and values sealed. */
export interface SealedHeaders {
  names: string[];
  /** AES-256-GCM of the headers' JSON under SECRETS_ENCRYPTION_KEY (see HeaderCipher). */
  sealed: string;
}

/**
 * What a subscription asks of matching and delivery beyond its API's own fields, whichever API
 * made it (kept in the subscriptions table's `options`). Every field is optional and absent means
 * today's behaviour, so deliveries of subscriptions without options do no extra work.
 */
export interface SubscriptionOptions {
  /** Globs on the event's tag (see compileEventFilter). */
  tagPattern?: string;
  /** Globs on the event's repository, for subscriptions to a namespace or to everything. */
  repositoryPattern?: string;
  /** Absent: the API's own payload. */
  payloadFormat?: AlternativePayloadFormat;
  /** Sent with every delivery (e.g. Authorization); never shown again in full. */
  headers?: SealedHeaders;
  /**
   * Deliveries reach the endpoint one at a time in event order; a delivery being retried holds
   * back the later ones (see OrderedDeliveries).
   */
  ordered?: true;
  /** At most this many deliveries start per second, across workers (RATE_LIMIT_MIN..RATE_LIMIT_MAX). */
  rateLimit?: number;
}
