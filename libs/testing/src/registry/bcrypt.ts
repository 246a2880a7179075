import { randomBytes } from 'node:crypto';

// Distribution's htpasswd auth only accepts bcrypt and `htpasswd` (apache2-utils) is not installed
// everywhere, so the harness hashes passwords itself.

const BLOWFISH_WORDS = 18 + 4 * 256;
let blowfishInit: { p: Uint32Array; s: Uint32Array } | undefined;

// Blowfish's P-array and S-boxes are the fractional hex digits of pi; deriving them (Machin's formula,
// a few ms) is shorter and easier to trust than pasting 8 KB of constants.
function blowfishConstants(): { p: Uint32Array; s: Uint32Array } {
  if (blowfishInit) return blowfishInit;
  const bits = BigInt(BLOWFISH_WORDS * 32);
  const guard = 64n;
  const one = 1n << (bits + guard);
  const arctanInverse = (x: bigint): bigint => {
    const x2 = x * x;
    let term = one / x;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k % 2n === 0n ? 1n : -1n) * (term / (2n * k + 1n));
    }
    return sum;
  };
  const pi = 16n * arctanInverse(5n) - 4n * arctanInverse(239n);
  let fraction = (pi >> guard) & ((1n << bits) - 1n);
  const words = new Uint32Array(BLOWFISH_WORDS);
  for (let i = BLOWFISH_WORDS - 1; i >= 0; i--) {
    words[i] = Number(fraction & 0xffffffffn);
    fraction >>= 32n;
  }
  blowfishInit = { p: words.slice(0, 18), s: words.slice(18) };
  return blowfishInit;
}

function encipher(lr: Uint32Array | number[], off: number, p: Uint32Array, s: Uint32Array): void {
  const f = (x: number): number =>
    ((s[x >>> 24] + s[256 | ((x >>> 16) & 0xff)]) ^ s[512 | ((x >>> 8) & 0xff)]) + s[768 | (x & 0xff)];
  let l = lr[off] ^ p[0];
  let r = lr[off + 1];
  for (let i = 0; i <= 14; i += 2) {
    r ^= f(l) ^ p[i + 1];
    l ^= f(r) ^ p[i + 2];
  }
  lr[off] = (r ^ p[17]) >>> 0;
  lr[off + 1] = l >>> 0;
}

function streamWord(data: Uint8Array, offset: { value: number }): number {
  let word = 0;
  for (let i = 0; i < 4; i++) {
    word = (word << 8) | data[offset.value];
    offset.value = (offset.value + 1) % data.length;
  }
  return word;
}

function expandState(p: Uint32Array, s: Uint32Array, key: Uint8Array, salt?: Uint8Array): void {
  const keyOffset = { value: 0 };
  const saltOffset = { value: 0 };
  for (let i = 0; i < p.length; i++) p[i] ^= streamWord(key, keyOffset);
  const lr = [0, 0];
  const fill = (target: Uint32Array): void => {
    for (let i = 0; i < target.length; i += 2) {
      if (salt) {
        lr[0] ^= streamWord(salt, saltOffset);
        lr[1] ^= streamWord(salt, saltOffset);
      }
      encipher(lr, 0, p, s);
      target[i] = lr[0];
      target[i + 1] = lr[1];
    }
  };
  fill(p);
  fill(s);
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STANDARD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encodeBase64(bytes: Uint8Array): string {
  return Array.from(Buffer.from(bytes).toString('base64').replace(/=+$/, ''), (c) =>
    BCRYPT_ALPHABET.charAt(STANDARD_ALPHABET.indexOf(c)),
  ).join('');
}

function decodeBase64(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (c) => STANDARD_ALPHABET.charAt(BCRYPT_ALPHABET.indexOf(c))).join(''),
    'base64',
  );
}

/**
 * bcrypt ($2b$) of `password`. `salt` is either 16 bytes or the 22-character salt of an existing hash.
 * The default cost is low on purpose: the registry checks the hash on every request.
 */
export function bcryptHash(
  password: string,
  options: { cost?: number; salt?: Uint8Array | string } = {},
): string {
  const cost = options.cost ?? 5;
  if (!Number.isInteger(cost) || cost < 4 || cost > 31)
    throw new Error(`bcrypt cost must be 4..31, got ${cost}`);
  const salt =
    typeof options.salt === 'string'
      ? decodeBase64(options.salt).subarray(0, 16)
      : (options.salt ?? randomBytes(16));
  if (salt.length !== 16) throw new Error('bcrypt salt must be 16 bytes');
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.alloc(1)]).subarray(0, 72);

  const init = blowfishConstants();
  const p = init.p.slice();
  const s = init.s.slice();
  expandState(p, s, key, salt);
  for (let round = 0; round < 2 ** cost; round++) {
    expandState(p, s, key);
    expandState(p, s, salt);
  }
  const text = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = text.readUInt32BE(i * 4);
  for (let round = 0; round < 64; round++) {
    for (let i = 0; i < 6; i += 2) encipher(words, i, p, s);
  }
  const digest = Buffer.alloc(24);
  words.forEach((word, i) => digest.writeUInt32BE(word, i * 4));
  return `$2b$${String(cost).padStart(2, '0')}$${encodeBase64(salt)}${encodeBase64(digest.subarray(0, 23))}`;
}

/** One htpasswd line as Distribution reads it. */
export function htpasswdLine(username: string, password: string): string {
  if (username.includes(':')) throw new Error('htpasswd user names cannot contain ":"');
  return `${username}:${bcryptHash(password)}\n`;
}
