import { unstorableText } from '@hookyard/util';

/** A null in COPY's text format. */
export const COPY_NULL = '\\N';

/** COPY's text format escapes: the delimiter (tab), the line's end and the escape character. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `text` as a field of COPY's text format (tab-delimited lines). It must be storable (see
 * copyableText): COPY would turn an unpaired surrogate into U+FFFD where a statement's parameter
 * is refused, and NUL cannot be sent at all.
 */
export function copyField(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : text;
}

/** Whether COPY stores `text` as it is in a text column (no NUL, no unpaired surrogate). */
export function copyableText(text: string): boolean {
  return unstorableText(text) === undefined;
}
