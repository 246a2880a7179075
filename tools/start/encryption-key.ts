import { randomBytes } from 'node:crypto';
import { readOrCreateStateFile } from './state-file';

/**
 * The SECRETS_ENCRYPTION_KEY `npm start` runs the apps with: the operator's own, or one generated
 * at first start and kept in `<stateDir>/secrets-encryption-key` (owner-only), so static headers
 * sealed with it open after a restart. Never printed: nobody needs to type it.
 */
export function resolveEncryptionKey(configured: string | undefined, stateDir: string): string {
  if (configured) return configured;
  return readOrCreateStateFile(stateDir, 'secrets-encryption-key', () => randomBytes(32).toString('base64'))
    .value;
}
