/** What keeps a string out of PostgreSQL's `text` as it is, if anything. */
export type UnstorableText = 'NUL character' | 'unpaired surrogate';

/**
 * PostgreSQL's text cannot hold NUL (the statement fails), and node-postgres sends an unpaired
 * UTF-16 surrogate as U+FFFD (`jsonb` refuses its `\ud800` escape): either would not come back
 * as it went in.
 */
export function unstorableText(text: string): UnstorableText | undefined {
  if (text.includes('\0')) return 'NUL character';
  if (!text.isWellFormed()) return 'unpaired surrogate';
  return undefined;
}

/** `text` with NUL characters and unpaired surrogates replaced by U+FFFD, as invalid UTF-8 is decoded. */
export function toStorableText(text: string): string {
  return unstorableText(text) ? text.toWellFormed().replaceAll('\0', '\uFFFD') : text;
}
