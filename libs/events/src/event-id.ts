import { hash } from 'node:crypto';

/** A UUID derived from the dedup key, so the same producer event always gets the same id. */
export function eventIdFor(dedupKey: string): string {
  // One-shot hash: no Hash object per event (ingest derives two ids per pushed tag).
  const hex = hash('sha256', dedupKey, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
