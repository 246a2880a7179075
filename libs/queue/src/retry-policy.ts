import { QUAY_DISABLE_AFTER_FAILURES, type SubscriptionApi } from '@hookyard/events';

/** ±20 % jitter spreads retries of many deliveries that failed together. */
const JITTER = 0.2;

/**
 * The retry policy of every delivery, in one place: the delay before retry number
 * `attemptsMade` (1 = first retry) from the schedule, with jitter; a receiver's Retry-After wins
 * when given, up to `maxRetryAfterMs`.
 */
export function retryDelayMs(
  attemptsMade: number,
  scheduleMs: readonly number[],
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const scheduled = scheduleMs[Math.min(attemptsMade, scheduleMs.length) - 1] ?? 0;
  if (retryAfterMs !== undefined && retryAfterMs >= 0)
    return Math.min(retryAfterMs, maxRetryAfterMs(scheduleMs));
  return Math.round(scheduled * (1 - JITTER + 2 * JITTER * random()));
}

/** A Retry-After longer than the schedule's longest step is capped to it. */
export function maxRetryAfterMs(scheduleMs: readonly number[]): number {
  return Math.max(...scheduleMs, 0);
}

/** Total attempts of a delivery: the first plus one per schedule step. */
export const deliveryAttempts = (scheduleMs: readonly number[]) => scheduleMs.length + 1;

/**
 * A Retry-After header (RFC 9110: delay-seconds or an HTTP date) as milliseconds from `now`;
 * undefined when absent or unreadable, so the schedule applies.
 */
export function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses whose Retry-After is honoured: 429 Too Many Requests and 503 Service Unavailable. */
export const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** Which failures count towards turning a subscription off, and how many in a row do. */
export interface FailureCounting {
  /** Every failed attempt counts, not only a delivery's last. */
  everyAttempt: boolean;
  disableAfter: number;
}

/**
 * Quay's notifications count as Quay does (its number_of_failures): every failed send, off after
 * three in a row; the other APIs count deliveries that failed after their last retry, off after
 * DELIVERY_DISABLE_AFTER_FAILURES. A success resets the count either way.
 */
export function failureCounting(api: SubscriptionApi, disableAfterFailures: number): FailureCounting {
  return api === 'quay'
    ? { everyAttempt: true, disableAfter: QUAY_DISABLE_AFTER_FAILURES }
    : { everyAttempt: false, disableAfter: disableAfterFailures };
}
