import { hashSync } from 'bcryptjs';

/**
 * One htpasswd line as Distribution reads it: its htpasswd auth accepts only bcrypt. Cost 5, low on
 * purpose: the registry checks the hash on every request.
 */
export function htpasswdLine(username: string, password: string): string {
  if (username.includes(':')) throw new Error('htpasswd user names cannot contain ":"');
  return `${username}:${hashSync(password, 5)}\n`;
}
