import {
  DIGEST_RULE,
  isDigest,
  isRepositoryName,
  isTag,
  REPOSITORY_NAME_RULE,
  TAG_RULE,
} from '@hookyard/events';

/** An OCI descriptor, as Distribution 3 lists an index's manifests in `target.references`. */
export interface ReferenceDescriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os: string; architecture: string; variant?: string };
}

/**
 * One event of a CNCF Distribution notification envelope: 2.x (`events.v1+json`) or 3.x
 * (`events.v2+json`, whose `target` is an OCI descriptor, with `mediaType` and `digest` present but
 * empty for tag and repository deletes, and `references` with `includereferences`).
 */
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
    references?: ReferenceDescriptor[];
  };
  request?: { id?: string; host?: string; useragent?: string };
  actor?: { name?: string };
}

export class EnvelopeError extends Error {}

const ACTIONS = new Set(['push', 'pull', 'delete', 'mount']);
/** The event id and request id become parts of Redis keys: bounded and printable. */
const EVENT_ID = /^[\x21-\x7e]{1,200}$/;
/** An index lists its manifests; a manifest its config and layers. Enough for any real image. */
const MAX_REFERENCES = 1000;
/** `request.host` goes into `imageName`: a host name or IP literal with an optional port. */
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

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
    if (typeof e.id !== 'string' || !EVENT_ID.test(e.id))
      throw new EnvelopeError(`${at}.id must be 1-200 printable characters without spaces`);
    if (typeof e.timestamp !== 'string' || Number.isNaN(Date.parse(e.timestamp))) {
      throw new EnvelopeError(`${at}.timestamp must be an RFC 3339 timestamp`);
    }
    if (typeof e.action !== 'string' || !ACTIONS.has(e.action)) {
      throw new EnvelopeError(`${at}.action must be one of push, pull, delete, mount`);
    }
    if (typeof e.target !== 'object' || e.target === null)
      throw new EnvelopeError(`${at}.target must be an object`);
    for (const field of ['digest', 'tag', 'mediaType', 'url'] as const) {
      if (e.target[field] !== undefined && typeof e.target[field] !== 'string') {
        throw new EnvelopeError(`${at}.target.${field} must be a string`);
      }
    }
    // Checked before any use: they name what ingest reads from the registry and what it emits.
    if (!isRepositoryName(e.target.repository)) {
      throw new EnvelopeError(`${at}.target.repository must be ${REPOSITORY_NAME_RULE}`);
    }
    if (e.target.digest && !isDigest(e.target.digest)) {
      throw new EnvelopeError(`${at}.target.digest must be ${DIGEST_RULE}`);
    }
    if (e.target.tag && !isTag(e.target.tag)) throw new EnvelopeError(`${at}.target.tag must be ${TAG_RULE}`);
    checkReferences(e.target.references, `${at}.target.references`);
    const requestId = e.request?.id;
    // Distribution 3 always sends request.id, empty when the event has no request (a repository
    // removed by the proxy's scheduler).
    if (
      requestId !== undefined &&
      requestId !== '' &&
      (typeof requestId !== 'string' || !EVENT_ID.test(requestId))
    ) {
      throw new EnvelopeError(`${at}.request.id must be 1-200 printable characters without spaces`);
    }
    const host = e.request?.host;
    if (host !== undefined && host !== '' && (typeof host !== 'string' || !HOST.test(host))) {
      throw new EnvelopeError(`${at}.request.host must be host[:port]`);
    }
    if (e.request?.useragent !== undefined && typeof e.request.useragent !== 'string') {
      throw new EnvelopeError(`${at}.request.useragent must be a string`);
    }
    if (e.actor?.name !== undefined && typeof e.actor.name !== 'string') {
      throw new EnvelopeError(`${at}.actor.name must be a string`);
    }
  });
  return events as DistributionEvent[];
}

/** `target.references`: descriptors whose digest and platform Hookyard uses (an index's platforms). */
function checkReferences(references: unknown, at: string): void {
  if (references === undefined) return;
  if (!Array.isArray(references) || references.length > MAX_REFERENCES) {
    throw new EnvelopeError(`${at} must be an array of at most ${MAX_REFERENCES} descriptors`);
  }
  references.forEach((reference: Partial<ReferenceDescriptor> | null, index) => {
    const path = `${at}[${index}]`;
    if (typeof reference !== 'object' || reference === null)
      throw new EnvelopeError(`${path} must be an object`);
    if (!isDigest(reference.digest)) throw new EnvelopeError(`${path}.digest must be ${DIGEST_RULE}`);
    if (reference.mediaType !== undefined && typeof reference.mediaType !== 'string') {
      throw new EnvelopeError(`${path}.mediaType must be a string`);
    }
    const { platform } = reference;
    if (platform === undefined) return;
    if (
      typeof platform !== 'object' ||
      platform === null ||
      typeof platform.os !== 'string' ||
      typeof platform.architecture !== 'string' ||
      (platform.variant !== undefined && typeof platform.variant !== 'string')
    ) {
      throw new EnvelopeError(`${path}.platform must be {os, architecture, variant?} strings`);
    }
  });
}
