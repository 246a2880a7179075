import { oncePerEvent } from '@hookyard/events';
import { unstorableText } from '@hookyard/util';

/*
 * What the activity stream cannot store, stated once for the two forms it meets an event in: a NUL
 * character or an unpaired surrogate anywhere in it, keys included. PostgreSQL's text refuses NUL;
 * json_to_recordset refuses the escape of either; COPY would store an unpaired surrogate as U+FFFD.
 * The recorder has the stream entry's JSON text (UNSTORABLE_ESCAPE), the worker the event object
 * (activityStreamStores); storable-event.spec.ts holds them to the same answer.
 */

/**
 * The escapes of NUL and of surrogates in an entry's JSON text (JSON.stringify escapes only the
 * unpaired ones). A batch holding one (or a pair, or an escaped backslash before `u`: an
 * over-match only costs it the statement) is left to the statement, which refuses the unstorable.
 */
export const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** Whether the activity stream records `event` as it is (EventLogRepository.record). */
export const activityStreamStores = oncePerEvent((event) => storable(event));

/** A NUL or any surrogate: only a string holding one needs the exact check. */
const SUSPECT_TEXT = /[\0\ud800-\udfff]/;

// Called for every delivery with one subscription per event: no arrays of entries made per object.
function storable(value: unknown): boolean {
  if (typeof value === 'string') return !SUSPECT_TEXT.test(value) || unstorableText(value) === undefined;
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!storable(item)) return false;
    return true;
  }
  for (const key in value)
    if (!storable(key) || !storable((value as Record<string, unknown>)[key])) return false;
  return true;
}
