import type { ContentsOf } from './contents-schemas';
import type { EventType } from './event-types';

/**
 * The one event shape that flows from ingest through the stream to the workers.
 * `contents` follows DTR's webhook contents for the event's type (DTR webhook API docs).
 */
export interface CanonicalEvent<C extends object = Record<string, unknown>> {
  id: string;
  type: EventType;
  /** ISO-8601 time the event happened at the producer. */
  occurredAt: string;
  /** Producer name (the ingest token's name, or `distribution`). */
  source: string;
  namespace?: string;
  repository?: string;
  contents: C;
  /**
   * Stable key of the producer's event, used to emit an event once however often it is sent.
   * Absent when nothing names the event (a native event without a producer id): each is new.
   */
  dedupKey?: string;
  /** ISO-8601 time ingest accepted the event (set by ingest); the start of delivery latency. */
  acceptedAt?: string;
}

/** An event of one of the types `T`, its `contents` typed by its schema. */
export type EventOf<T extends EventType> = CanonicalEvent & { type: T; contents: ContentsOf<T> };

/** Whether `event` is of one of `types`; every accepted event's contents passed its type's schema. */
export function isEventOf<T extends EventType>(event: CanonicalEvent, ...types: T[]): event is EventOf<T> {
  const accepted: readonly EventType[] = types;
  return accepted.includes(event.type);
}
