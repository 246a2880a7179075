import type { EventType } from '@hookyard/events';

/** Quay's notification events (its repository notification UI's list) and the canonical events behind each. */
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

export const QUAY_METHODS = ['webhook', 'slack'] as const;
export type QuayMethod = (typeof QUAY_METHODS)[number];

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

/** Quay's fields of a subscription, kept in Subscription.apiFields. */
export interface QuayApiFields {
  uuid: string;
  event: QuayEvent;
  method: QuayMethod;
  config: { url: string } & Record<string, unknown>;
  eventConfig: { vulnerability?: { priority?: QuayPriority } } & Record<string, unknown>;
  title: string;
}

export const isQuayEvent = (value: string): value is QuayEvent => Object.hasOwn(QUAY_EVENTS, value);
