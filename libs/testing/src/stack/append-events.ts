import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import type { Stack } from './stack';

/** Appends canonical events to the stack's event stream, as ingest does, for the dispatcher to pick up. */
export async function appendEvents(stack: Stack, events: CanonicalEvent[]): Promise<void> {
  const stream = eventStreamKey(stack.env.REDIS_PREFIX);
  for (const event of events) await stack.redis.xadd(stream, '*', STREAM_EVENT_FIELD, JSON.stringify(event));
}
