import {
  CanonicalEvent,
  eventIdFor,
  type EventType,
  isEventType,
  isOperationalEventType,
  PRODUCED_EVENT_TYPES,
  validateContents,
} from '@hookyard/events';
import { randomUUID } from 'node:crypto';
import { isISO8601 } from 'class-validator';

/** A producer's own event id is part of a Redis key; keep it printable and bounded. */
const PRODUCER_EVENT_ID = /^[\x21-\x7e]{1,200}$/;

export class NativeEventsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/**
 * `POST /events` bodies: one canonical event `{type, contents, occurredAt?, id? | eventId?}` or a
 * batch `{events: [...]}`. Every event is checked before any is accepted; the errors name each bad
 * field by its path (`events[1].contents.scanSummary.critical ...`).
 */
export function parseNativeEvents(body: unknown, source: string, now = new Date()): CanonicalEvent[] {
  if (!isPlainObject(body)) throw new NativeEventsError(['body must be a JSON object']);
  const batch = 'events' in body;
  if (batch && (!Array.isArray(body.events) || body.events.length === 0)) {
    throw new NativeEventsError(['events must be a non-empty array of events']);
  }
  const raw = batch ? (body.events as unknown[]) : [body];
  const problems: string[] = [];
  // Once per request: most producers leave occurredAt to ingest.
  const received = now.toISOString();
  const events = raw.map((item, index) =>
    parseOne(item, batch ? `events[${index}].` : '', source, received, problems),
  );
  if (problems.length > 0) throw new NativeEventsError(problems);
  return events as CanonicalEvent[];
}

function parseOne(
  item: unknown,
  at: string,
  source: string,
  received: string,
  problems: string[],
): CanonicalEvent | undefined {
  if (!isPlainObject(item)) {
    problems.push(`${at.slice(0, -1)} must be an object`);
    return undefined;
  }
  const start = problems.length;
  const { type: given, occurredAt } = item;
  const type = producedType(given, at, problems);
  if (occurredAt !== undefined && (typeof occurredAt !== 'string' || !isISO8601(occurredAt))) {
    problems.push(`${at}occurredAt must be an ISO-8601 timestamp`);
  }
  const producerId = producerEventId(item, at, problems);
  const contents = type ? validateContents(type, item.contents) : undefined;
  problems.push(...(contents?.errors ?? []).map((error) => `${at}${error}`));
  if (problems.length > start || !type || !contents?.contents) return undefined;

  // With a producer id, retries are emitted once; without one every request is a new event, and
  // no dedup key: a random one could never match, yet cost a 7-day mark in Redis per event.
  const dedupKey = producerId === undefined ? undefined : `native:${source}:${producerId}`;
  const valid = contents.contents as Record<string, unknown>;
  const event: CanonicalEvent = {
    id: dedupKey === undefined ? randomUUID() : eventIdFor(dedupKey),
    type,
    occurredAt: occurredAt === undefined ? received : new Date(occurredAt as string).toISOString(),
    source,
  } as CanonicalEvent;
  // Assigned in place, in the order of the stream's JSON: spreads of scope objects showed in
  // ingest's profile. Repository-scoped contents name their repository; SCANNER_UPDATE_COMPLETED none.
  const { namespace, repository } = valid;
  if (typeof namespace === 'string') event.namespace = namespace;
  if (typeof repository === 'string') event.repository = repository;
  event.contents = valid;
  if (dedupKey !== undefined) event.dedupKey = dedupKey;
  return event;
}

/** A type producers may send: operational events are Hookyard's own, never a producer's. */
function producedType(type: unknown, at: string, problems: string[]): EventType | undefined {
  if (isEventType(type) && !isOperationalEventType(type)) return type;
  problems.push(
    isEventType(type)
      ? `${at}type ${type} is an operational event: Hookyard emits those itself`
      : `${at}type must be one of ${PRODUCED_EVENT_TYPES.join(', ')}`,
  );
  return undefined;
}

function producerEventId(item: Record<string, unknown>, at: string, problems: string[]): string | undefined {
  const { id, eventId } = item;
  if (id !== undefined && eventId !== undefined && id !== eventId) {
    problems.push(`${at}id and ${at}eventId must be the same when both are given`);
    return undefined;
  }
  const value = id ?? eventId;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !PRODUCER_EVENT_ID.test(value)) {
    problems.push(
      `${at}${id !== undefined ? 'id' : 'eventId'} must be 1-200 printable characters without spaces`,
    );
    return undefined;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
