import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate; also pass it as `ca` to clients that should trust the receiver. */
  cert: string;
}

/** A throwaway self-signed certificate for CN 127.0.0.1 with SANs IP:127.0.0.1 and DNS:localhost. */
export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'hookyard-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-nodes',
          '-days',
          '7',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-keyout',
          keyPath,
          '-out',
          certPath,
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (error) {
      const { code, stderr } = error as { code?: string; stderr?: Buffer };
      throw new Error(
        code === 'ENOENT'
          ? 'openssl not found: install the Debian package openssl'
          : `openssl req failed: ${stderr?.toString().trim() ?? String(error)}`,
        { cause: error },
      );
    }
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
