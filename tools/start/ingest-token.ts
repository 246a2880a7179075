import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface IngestToken {
  token: string;
  /** What `npm start` prints about it: the token itself only when it was just generated. */
  announcement: string;
}

/**
 * The INGEST_TOKEN `npm start` runs ingest with. The operator's own is used and never printed.
 * Without one, a token is generated at first start, kept in `<stateDir>/ingest-token` (owner-only)
 * so the registry's configuration keeps working across restarts, and printed that one time.
 */
export function resolveIngestToken(
  configured: string | undefined,
  stateDir: string,
  root: string,
): IngestToken {
  if (configured) return { token: configured, announcement: 'INGEST_TOKEN from the environment' };
  const file = join(stateDir, 'ingest-token');
  const shown = relative(root, file);
  if (existsSync(file)) {
    return {
      token: readFileSync(file, 'utf8').trim(),
      announcement: `INGEST_TOKEN generated at first start, in ${shown}`,
    };
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return {
    token,
    announcement: `INGEST_TOKEN=${token} (generated now and shown once; kept in ${shown})`,
  };
}
