/** Shapes of the API answers the console reads (see the OpenAPI document at /api/docs). */

import type { DtrRepository } from '@hookyard/events/apis/dtr';

export interface Account {
  id: string;
  name: string;
  fullName: string;
  isOrg: boolean;
  isAdmin: boolean;
  isActive: boolean;
}

export type SubscriptionApi = 'dtr' | 'quay' | 'alauda';
export type Health = 'healthy' | 'failing' | 'inactive';

export interface Subscription {
  id: string;
  api: SubscriptionApi;
  name: string;
  eventTypes: string[];
  apiEvents: string[];
  key: string;
  endpoint: string;
  method: string;
  authorID: string;
  createdAt: string;
  lastSuccessfulAt: string | null;
  consecutiveFailures: number;
  inactive: boolean;
  /** '' while active. */
  inactiveReason:
    | ''
    | 'paused'
    | 'failed-deliveries'
    | 'endpoint-gone'
    | 'author-deactivated'
    | 'author-deleted'
    | 'unknown';
  health: Health;
  tlsCert: string;
  skipTLSVerification: boolean;
  ref: { uuid?: string; hookId?: number };
  /** Options, each only when set (headers: names, values masked). */
  tagPattern?: string;
  repositoryPattern?: string;
  payloadFormat?: string;
  headers?: Record<string, string>;
  /** Deliveries one at a time, in event order. */
  ordered?: true;
  /** At most this many deliveries start per second. */
  rateLimit?: number;
  /** While a rotated-out secret still signs deliveries: until when. */
  previousSecretExpiresAt?: string;
}

export interface WebhookType {
  type: string;
  description: string;
  scope: 'repository' | 'namespace' | 'global';
  access: string;
  allowed: boolean;
  reason: string | null;
  /** Its events may name a tag: a tag filter applies. */
  namesTag: boolean;
  /** Its events name a repository: a repository filter applies on a namespace key. */
  namesRepository: boolean;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'skipped';

export interface Delivery {
  id: string;
  webhookID: string;
  eventID: string;
  eventType: string;
  webhookMessageID: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  attempt: number;
  createdAt: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
}

export interface DeliveryDetail extends Delivery {
  requestBody: string;
  attemptLog: Attempt[];
}

export interface TestResult {
  eventType: string;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  webhookId: string;
}

export interface StatusCounts {
  succeeded: number;
  failed: number;
  pending: number;
  skipped: number;
}

export interface DeliveryStats {
  since: string;
  until: string;
  perMinute: Array<StatusCounts & { minute: string }>;
  totals: StatusCounts;
  failureRate: number | null;
  failingEndpoints: Array<{
    subscriptionId: string;
    api: string | null;
    key: string | null;
    endpoint: string | null;
    failures: number;
    total: number;
  }>;
}

export interface Team {
  id: string;
  orgID: string;
  name: string;
  description: string;
}

export interface ApiToken {
  hashedToken: string;
  tokenLabel: string;
  isActive: boolean;
  username: string;
  creationTime: string;
  lastUsed: string;
  /** Who made it: the owner, a system admin, or ADMIN_TOKEN. */
  generatedBy: string;
  /** When it stops authenticating; null: never. */
  expiresAt: string | null;
}

export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;

/** DTR 2.6's `responses.Repository`, as libs/events builds it. */
export type Repository = DtrRepository;
