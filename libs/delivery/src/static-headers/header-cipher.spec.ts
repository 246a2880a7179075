import { randomBytes } from 'node:crypto';
import { encryptionKeyId, HeaderCipher, HeaderCipherError, sealedKeyId } from './header-cipher';

describe('HeaderCipher', () => {
  const key = randomBytes(32);
  const cipher = new HeaderCipher(key);
  const headers = { Authorization: 'Bearer s3cr3t', 'X-Team': 'ci' };

  it('seals headers so that only their names are readable, and opens them again', () => {
    const sealed = cipher.seal(headers);
    expect(sealed.names).toEqual(['Authorization', 'X-Team']);
    expect(sealed.sealed).not.toContain('s3cr3t');
    expect(Buffer.from(sealed.sealed.split('.').pop()!, 'base64url').toString('latin1')).not.toContain(
      's3cr3t',
    );
    expect(sealedKeyId(sealed.sealed)).toBe(encryptionKeyId(key));
    expect(cipher.open(sealed)).toEqual(headers);
    // A fresh IV each time.
    expect(cipher.seal(headers).sealed).not.toBe(sealed.sealed);
  });

  it('names the wrong key, and refuses altered or unknown values', () => {
    const sealed = cipher.seal(headers);
    expect(() => new HeaderCipher(randomBytes(32)).open(sealed)).toThrow(
      /sealed under another SECRETS_ENCRYPTION_KEY/,
    );
    const parts = sealed.sealed.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(() => cipher.open({ ...sealed, sealed: parts.join('.') })).toThrow(/failed authentication/);
    expect(() => cipher.open({ ...sealed, sealed: 'plain' })).toThrow(HeaderCipherError);
  });

  it('refuses to seal or open without a key', () => {
    const keyless = new HeaderCipher(undefined);
    expect(keyless.canSeal).toBe(false);
    expect(() => keyless.seal(headers)).toThrow(/need SECRETS_ENCRYPTION_KEY/);
    expect(() => keyless.open(cipher.seal(headers))).toThrow(/need SECRETS_ENCRYPTION_KEY/);
  });
});
