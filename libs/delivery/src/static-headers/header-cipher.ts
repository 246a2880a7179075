import type { SealedHeaders } from '@hookyard/events';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Static headers that cannot be opened: sealed under another key, altered, or no key at all. */
export class HeaderCipherError extends Error {}

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Names SECRETS_ENCRYPTION_KEY without revealing it, so a row sealed under another key says so. */
export function encryptionKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** The key id a sealed value was made with (`v1.<key id>.<iv>.<tag>.<ciphertext>`). */
export const sealedKeyId = (sealed: string): string | undefined => sealed.split('.')[1];

/**
 * Seals and opens static headers with AES-256-GCM under SECRETS_ENCRYPTION_KEY: a fresh 96-bit IV
 * each time, the key's id in the clear so the wrong key is named rather than guessed at.
 */
export class HeaderCipher {
  readonly keyId: string | undefined;

  constructor(private readonly key: Buffer | undefined) {
    this.keyId = key && encryptionKeyId(key);
  }

  get canSeal(): boolean {
    return this.key !== undefined;
  }

  seal(headers: Record<string, string>): SealedHeaders {
    const key = this.requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(headers), 'utf8'), cipher.final()]);
    const parts = [FORMAT, this.keyId, iv, cipher.getAuthTag(), ciphertext].map((part) =>
      Buffer.isBuffer(part) ? part.toString('base64url') : part,
    );
    return { names: Object.keys(headers), sealed: parts.join('.') };
  }

  open(headers: SealedHeaders): Record<string, string> {
    const key = this.requireKey();
    const [format, keyId, iv, tag, ciphertext] = headers.sealed.split('.');
    if (format !== FORMAT || ciphertext === undefined) {
      throw new HeaderCipherError('static headers are not in a known sealed format');
    }
    if (keyId !== this.keyId) {
      throw new HeaderCipherError(
        `static headers were sealed under another SECRETS_ENCRYPTION_KEY (key id ${keyId}, this one is ${this.keyId})`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch {
      throw new HeaderCipherError(
        'static headers failed authentication: altered, or sealed under another key',
      );
    }
  }

  private requireKey(): Buffer {
    if (!this.key) {
      throw new HeaderCipherError('static headers need SECRETS_ENCRYPTION_KEY, which is not set');
    }
    return this.key;
  }
}
