import type { CanonicalEvent } from './canonical-event';
import { oncePerEvent } from './once-per-event';

/**
 * An event's JSON text, as `JSON.stringify(event)` makes it (what the delivery log stores with an
 * event, and a batch job carries): made once per event object, or known from the text the event
 * was parsed from (parseEventJson).
 */
export const eventJson = oncePerEvent((event) => JSON.stringify(event));

/**
 * The event of `json`, which must be `JSON.stringify`'s text of an event (a stream entry, a batch
 * job's event, an ordered sequence's member): parsing that text and stringifying the result gives
 * the same text back, so `eventJson` of the event is `json` itself, not made again.
 */
export function parseEventJson(json: string): CanonicalEvent {
  const event = JSON.parse(json) as CanonicalEvent;
  eventJson.know(event, json);
  return event;
}
