import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import type { Stack } from './stack';

/** Writes canonical events straight to the stack's event stream, as ingest does after validation. */
export async function appendEvents(stack: Stack, events: CanonicalEvent[]): Promise<void> {
  const pipeline = stack.redis.pipeline();
  for (const event of events) {
    pipeline.xadd(eventStreamKey(stack.env.REDIS_PREFIX), '*', STREAM_EVENT_FIELD, JSON.stringify(event));
  }
  await pipeline.exec();
}
