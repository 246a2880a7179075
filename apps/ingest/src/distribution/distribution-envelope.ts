/** One event of a CNCF Distribution notification envelope (registry:2 `notifications`). */
export interface DistributionEvent {
  id: string;
  timestamp: string;
  action: 'push' | 'pull' | 'delete' | 'mount';
  target: {
    mediaType?: string;
    digest?: string;
    repository: string;
    url?: string;
    tag?: string;
  };
  request?: { id?: string; host?: string; useragent?: string };
  actor?: { name?: string };
}

export class EnvelopeError extends Error {}

const ACTIONS = new Set(['push', 'pull', 'delete', 'mount']);

/** Checks the fields Hookyard relies on; the message names the first bad one. */
export function parseDistributionEnvelope(body: unknown): DistributionEvent[] {
  const events = (body as { events?: unknown })?.events;
  if (typeof body !== 'object' || body === null || !Array.isArray(events)) {
    throw new EnvelopeError('events must be an array of Distribution events');
  }
  events.forEach((event, index) => {
    const at = `events[${index}]`;
    const e = event as Partial<DistributionEvent> | null;
    if (typeof e !== 'object' || e === null) throw new EnvelopeError(`${at} must be an object`);
    if (typeof e.id !== 'string' || e.id === '')
      throw new EnvelopeError(`${at}.id must be a non-empty string`);
    if (typeof e.timestamp !== 'string' || Number.isNaN(Date.parse(e.timestamp))) {
      throw new EnvelopeError(`${at}.timestamp must be an RFC 3339 timestamp`);
    }
    if (typeof e.action !== 'string' || !ACTIONS.has(e.action)) {
      throw new EnvelopeError(`${at}.action must be one of push, pull, delete, mount`);
    }
    if (typeof e.target !== 'object' || e.target === null)
      throw new EnvelopeError(`${at}.target must be an object`);
    if (typeof e.target.repository !== 'string' || !/^[^/]+\/.+$/.test(e.target.repository)) {
      throw new EnvelopeError(`${at}.target.repository must be <namespace>/<repository>`);
    }
    for (const field of ['digest', 'tag', 'mediaType', 'url'] as const) {
      if (e.target[field] !== undefined && typeof e.target[field] !== 'string') {
        throw new EnvelopeError(`${at}.target.${field} must be a string`);
      }
    }
    if (e.target.url !== undefined && !URL.canParse(e.target.url)) {
      throw new EnvelopeError(`${at}.target.url must be an absolute URL`);
    }
  });
  return events as DistributionEvent[];
}
