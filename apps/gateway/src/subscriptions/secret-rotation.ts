import { parseDuration } from '@hookyard/config';
import { ApiError } from '@hookyard/http';

/** How long a rotated-out secret keeps signing by default, and at most. */
export const DEFAULT_PREVIOUS_SECRET_LIFETIME = '24h';
export const MAX_PREVIOUS_SECRET_LIFETIME_MS = 7 * 86_400_000;

/**
 * The lifetime a rotation gives the previous secret, from a duration such as `24h`, `30m` or `2s`
 * (default 24 h; `0s` ends it at once, e.g. after a leak); a 400 naming `field` otherwise.
 */
export function previousSecretLifetimeMs(value: unknown, field: string): number {
  const text = value ?? DEFAULT_PREVIOUS_SECRET_LIFETIME;
  const ms = typeof text === 'string' && /^\d+(ms|s|m|h|d)$/.test(text) ? parseDuration(text) : Number.NaN;
  if (!(ms >= 0 && ms <= MAX_PREVIOUS_SECRET_LIFETIME_MS)) {
    throw new ApiError(
      400,
      'INVALID_PARAMETERS',
      `${field} must be a duration from 0s to 7d, such as 24h, 30m or 2s`,
      { fields: [field] },
    );
  }
  return ms;
}
