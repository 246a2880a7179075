import type { EventLogEntry } from '@hookyard/persistence';
import { ApiProperty } from '@nestjs/swagger';

/**
 * One event of the activity stream. DTR 2.6's API reference names the listing `responses.Events`
 * (`{events: [schema.Event]}`) without the fields of `schema.Event` in the public document:
 * Hookyard's carry the event's identity, type, times, who caused it, where, and the event's
 * contents as DTR's webhooks send them.
 */
export class EventResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TAG_PUSH' }) type: string;
  @ApiProperty({ description: 'when Hookyard accepted the event' }) publishedAt: string;
  @ApiProperty({ description: 'when it happened, as the producer reported it' }) occurredAt: string;
  @ApiProperty({ description: "who caused it (the contents' author); empty when unknown" }) actor: string;
  @ApiProperty({ description: 'the producer (ingest token name)' }) source: string;
  @ApiProperty({ nullable: true, type: String }) namespace: string | null;
  @ApiProperty({ nullable: true, type: String }) repository: string | null;
  @ApiProperty({ description: "the event's contents, as in DTR webhook payloads" })
  contents: Record<string, unknown>;
}

/** DTR's `responses.Events`. */
export class EventsResponse {
  @ApiProperty({ type: EventResponse, isArray: true }) events: EventResponse[];
}

export function presentEvent(entry: EventLogEntry): EventResponse {
  return {
    id: entry.id,
    type: entry.type,
    publishedAt: entry.publishedAt.toISOString(),
    occurredAt: entry.event.occurredAt,
    actor: entry.actor,
    source: entry.event.source,
    namespace: entry.namespace,
    repository: entry.repository,
    contents: entry.event.contents,
  };
}
