/** API token expiry: the choices offered when creating one, and a token's state in words. */

const DAY_MS = 24 * 3600_000;

/** [value, label]: days until the token stops authenticating; '' never. */
export const TOKEN_EXPIRY_CHOICES = [
  ['', 'Never'],
  ['1', 'In 1 day'],
  ['7', 'In 7 days'],
  ['30', 'In 30 days'],
  ['90', 'In 90 days'],
  ['365', 'In 1 year'],
] as const;

/** The `expiresAt` to send for a choice, or undefined for a token that never expires. */
export function tokenExpiresAt(days: string, now = new Date()): string | undefined {
  if (!days) return undefined;
  return new Date(now.getTime() + Number(days) * DAY_MS).toISOString();
}

export type TokenState = 'Active' | 'Expired' | 'Disabled';

/** Expired wins over disabled: it will not come back by being enabled. */
export function tokenState(
  token: { isActive: boolean; expiresAt: string | null },
  now = Date.now(),
): TokenState {
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'Expired';
  return token.isActive ? 'Active' : 'Disabled';
}

/** Who made a token, in words (`ADMIN_TOKEN`: the bootstrap token of the environment). */
export function tokenOrigin(generatedBy: string, owner: string): string {
  if (generatedBy === 'ADMIN_TOKEN') return 'the ADMIN_TOKEN setting';
  if (!generatedBy || generatedBy === owner) return owner;
  return `${generatedBy} (system admin)`;
}
