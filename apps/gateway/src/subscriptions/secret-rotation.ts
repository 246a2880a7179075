import { parseDuration } from '@hookyard/config';
import { ApiError } from '@hookyard/http';
import type { Subscription } from '@hookyard/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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

/** When the secret a rotation replaced stops signing; undefined once it has (or without a rotation). */
export function previousSecretExpiry({ previousSecretExpiresAt }: Subscription): string | undefined {
  return previousSecretExpiresAt && previousSecretExpiresAt.getTime() > Date.now()
    ? previousSecretExpiresAt.toISOString()
    : undefined;
}

/** A subscription's secret, and while a rotated-out one still signs, when it stops. */
export function presentSecret(subscription: Subscription): SecretResponse {
  const expiry = previousSecretExpiry(subscription);
  return {
    id: subscription.id,
    secret: subscription.secret,
    ...(expiry && { previousSecretExpiresAt: expiry }),
  };
}

export class SecretResponse {
  @ApiProperty() id: string;
  @ApiProperty() secret: string;
  @ApiPropertyOptional({
    description: 'Only while the secret a rotation replaced still signs deliveries: when it stops',
  })
  previousSecretExpiresAt?: string;
}
