import { loadConfig } from '@hookyard/config';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEncryptionKey } from './encryption-key';

describe('resolveEncryptionKey', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = join(mkdtempSync(join(tmpdir(), 'hookyard-start-')), '.hookyard')));
  afterEach(() => rmSync(join(stateDir, '..'), { recursive: true, force: true }));

  it("uses the operator's key and writes nothing", () => {
    expect(resolveEncryptionKey('operator-key', stateDir)).toBe('operator-key');
    expect(() => statSync(stateDir)).toThrow();
  });

  it('generates a valid key at first start, kept owner-only and reused afterwards', () => {
    const first = resolveEncryptionKey(undefined, stateDir);
    const file = join(stateDir, 'secrets-encryption-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', SECRETS_ENCRYPTION_KEY: first });
    expect(config.secrets.encryptionKey).toHaveLength(32);
    expect(resolveEncryptionKey(undefined, stateDir)).toBe(first);
  });
});
