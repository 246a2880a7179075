import { hash } from 'node:crypto';

/**
 * The first 128 bits of `text`'s SHA-256 in uuid form: an id that the same text always gets, for
 * a PostgreSQL `uuid` column (16 bytes, where the hex digest as text would take 65).
 */
export function sha256Uuid(text: string): string {
  const hex = hash('sha256', text, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
