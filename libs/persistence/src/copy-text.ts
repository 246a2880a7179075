import { unstorableText } from '@hookyard/util';
import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A null in COPY's text format. */
export const COPY_NULL = '\\N';

/** COPY's text format escapes: the delimiter (tab), the line's end and the escape character. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `text` as a field of COPY's text format (tab-delimited lines), COPY_NULL for SQL null. It must be
 * storable (see copyableText): COPY would turn an unpaired surrogate into U+FFFD where a
 * statement's parameter is refused, and NUL cannot be sent at all.
 */
export function copyField(text: string | null | undefined): string {
  if (text === null || text === undefined) return COPY_NULL;
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : text;
}

/** Whether COPY stores `text` as it is in a text column (no NUL, no unpaired surrogate). */
export function copyableText(text: string): boolean {
  return unstorableText(text) === undefined;
}

/**
 * Sends `chunks` (whole lines of COPY's text format) through `statement`, a `COPY … FROM STDIN`, on
 * `client`; settles once PostgreSQL has taken them all, or rejects with its error.
 */
export async function copyIn(client: PoolClient, statement: string, chunks: Iterable<string>): Promise<void> {
  const copy = client.query(copyFrom(statement));
  for (const chunk of chunks) copy.write(chunk);
  copy.end();
  await once(copy, 'finish');
}
