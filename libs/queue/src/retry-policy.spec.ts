import { deliveryAttempts, parseRetryAfterMs, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  const schedule = [5000, 300000, 1800000];

  it('follows the schedule with ±20 % jitter', () => {
    expect(retryDelayMs(1, schedule, undefined, () => 0.5)).toBe(5000);
    expect(retryDelayMs(1, schedule, undefined, () => 0)).toBe(4000);
    expect(retryDelayMs(2, schedule, undefined, () => 1)).toBe(360000);
    expect(retryDelayMs(9, schedule, undefined, () => 0.5)).toBe(1800000);
  });

  it('honours Retry-After within the longest step', () => {
    expect(retryDelayMs(1, schedule, 12000)).toBe(12000);
    expect(retryDelayMs(1, schedule, 99999999)).toBe(1800000);
  });

  it('attempts once plus once per step', () => {
    expect(deliveryAttempts(schedule)).toBe(4);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
