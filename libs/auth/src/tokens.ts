import { createHash, randomBytes } from 'node:crypto';

/** A new API token: 32 random bytes, URL-safe so it fits Basic, Bearer and Token headers alike. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are long random strings, so a fast unsalted hash is enough to make a stolen table useless. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
