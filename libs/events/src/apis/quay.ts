import { isEventOf, type CanonicalEvent } from '../canonical-event';
import type { ContentsOf } from '../contents-schemas';
import type { EventType } from '../event-types';

/**
 * Quay's repository notifications (Quay API guide): the notification events Hookyard serves
 * (Quay's notification UI's list) and the canonical events behind each. `build_success` and
 * `build_failure` are the two outcomes of BUILD_COMPLETED (see quayNotificationWants).
 */
export const QUAY_EVENTS = {
  repo_push: ['TAG_PUSH'],
  vulnerability_found: ['SCAN_COMPLETED'],
  repo_mirror_sync_started: ['MIRROR_SYNC_STARTED'],
  repo_mirror_sync_success: ['POLL_MIRRORING', 'PUSH_MIRRORING'],
  repo_mirror_sync_failed: ['MIRROR_SYNC_FAILED'],
  build_queued: ['BUILD_QUEUED'],
  build_start: ['BUILD_STARTED'],
  build_success: ['BUILD_COMPLETED'],
  build_failure: ['BUILD_COMPLETED'],
  build_cancelled: ['BUILD_CANCELLED'],
} as const satisfies Record<string, readonly EventType[]>;

export type QuayEvent = keyof typeof QUAY_EVENTS;
export const QUAY_EVENT_NAMES = Object.keys(QUAY_EVENTS) as QuayEvent[];
export const isQuayEvent = (value: string): value is QuayEvent => Object.hasOwn(QUAY_EVENTS, value);

/** How a notification is sent: Quay's event data as JSON, or a Slack incoming-webhook message. */
export const QUAY_METHODS = ['webhook', 'slack'] as const;
export type QuayMethod = (typeof QUAY_METHODS)[number];
export const isQuayMethod = (value: string): value is QuayMethod =>
  (QUAY_METHODS as readonly string[]).includes(value);

/** Quay's vulnerability priorities, lowest first. */
export const QUAY_PRIORITIES = [
  'Unknown',
  'Negligible',
  'Low',
  'Medium',
  'High',
  'Critical',
  'Defcon1',
] as const;
export type QuayPriority = (typeof QUAY_PRIORITIES)[number];
export const isQuayPriority = (value: unknown): value is QuayPriority =>
  (QUAY_PRIORITIES as readonly unknown[]).includes(value);

/** Quay's fields of a subscription, kept in Subscription.apiFields. */
export interface QuayApiFields {
  uuid: string;
  event: QuayEvent;
  method: QuayMethod;
  config: { url: string } & Record<string, unknown>;
  /** As the client sent it; `vulnerability.priority`, when given, is a QuayPriority. */
  eventConfig: Record<string, unknown>;
  title: string;
}

/** The `vulnerability.priority` an eventConfig asks for (vulnerability_found's minimum), as given. */
export function requestedPriority(eventConfig: Record<string, unknown>): unknown {
  const { vulnerability } = eventConfig;
  return typeof vulnerability === 'object' && vulnerability !== null && 'priority' in vulnerability
    ? vulnerability.priority
    : undefined;
}

/**
 * DTR scanners count critical/major/minor findings; Quay names priorities (Critical/High/Low).
 * The highest non-empty count gives the scan's priority, or undefined when nothing was found.
 */
export function scanPriority(contents: ContentsOf<'SCAN_COMPLETED'>): QuayPriority | undefined {
  const { critical, major, minor } = contents.scanSummary;
  if (critical > 0) return 'Critical';
  if (major > 0) return 'High';
  if (minor > 0) return 'Low';
  return undefined;
}

const priorityRank = (priority: QuayPriority) => QUAY_PRIORITIES.indexOf(priority);

/**
 * Whether a notification wants an event of one of its types, by what Quay decides finer than
 * the type: `vulnerability_found` fires on a scan that found something of at least its
 * `eventConfig.vulnerability.priority`; `build_success`/`build_failure` on the build's outcome.
 */
export function quayNotificationWants(fields: QuayApiFields, event: CanonicalEvent): boolean {
  switch (fields.event) {
    case 'vulnerability_found': {
      if (!isEventOf(event, 'SCAN_COMPLETED')) return false;
      const found = scanPriority(event.contents);
      const requested = requestedPriority(fields.eventConfig);
      const minimum = isQuayPriority(requested) ? requested : 'Unknown';
      return found !== undefined && priorityRank(found) >= priorityRank(minimum);
    }
    case 'build_success':
      return isEventOf(event, 'BUILD_COMPLETED') && event.contents.status === 'succeeded';
    case 'build_failure':
      return isEventOf(event, 'BUILD_COMPLETED') && event.contents.status === 'failed';
    default:
      return true;
  }
}
