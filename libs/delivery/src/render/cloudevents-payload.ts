import { type CanonicalEvent, type EventType } from '@hookyard/events';

/** The media type of a structured-mode CloudEvent in JSON (CloudEvents HTTP binding). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/** A CloudEvents 1.0 event in the JSON format, as Hookyard delivers it. */
export interface HookyardCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  data: object;
}

/** `TAG_PUSH` → `com.hookyard.tag.push`: reverse-DNS prefix, the type's words lowercased and dotted. */
export const cloudEventType = (type: EventType): string =>
  `com.hookyard.${type.toLowerCase().replaceAll('_', '.')}`;

/**
 * An event as a CloudEvent: `id` is the event's id (the same for every subscription and attempt),
 * `source` the producer and what the event is about (`/<producer>/<namespace>/<repository>`, as
 * far as the event names them), `subject` its tag when it names one, `time` when it happened at
 * the producer, `data` the DTR contents of its type.
 */
export function renderCloudEvent(event: CanonicalEvent): HookyardCloudEvent {
  const path = [event.source, event.namespace, event.repository].filter(Boolean).join('/');
  const { tag } = event.contents as { tag?: unknown };
  return {
    specversion: '1.0',
    id: event.id,
    source: `/${path}`,
    type: cloudEventType(event.type),
    time: event.occurredAt,
    ...(typeof tag === 'string' && tag !== '' && { subject: tag }),
    datacontenttype: 'application/json',
    data: event.contents,
  };
}
