import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { readOrCreateStateFile } from './state-file';

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
  const { value, created, file } = readOrCreateStateFile(stateDir, 'ingest-token', () =>
    randomBytes(24).toString('base64url'),
  );
  const shown = relative(root, file);
  return {
    token: value,
    announcement: created
      ? `INGEST_TOKEN=${value} (generated now and shown once; kept in ${shown})`
      : `INGEST_TOKEN generated at first start, in ${shown}`,
  };
}
