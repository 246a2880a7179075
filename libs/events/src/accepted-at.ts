import { oncePerEvent } from './once-per-event';

/**
 * When ingest accepted `event` into the event stream, in ms since the epoch: NaN for an event
 * queued without it (e.g. a Quay test notification). Once per event object, however many of its
 * deliveries ask (the latency metric, the delivery log).
 */
export const acceptedAtMs = oncePerEvent((event) => (event.acceptedAt ? Date.parse(event.acceptedAt) : NaN));
