import type { EventType } from '../event-types';

/**
 * What DTR's webhook API (`/api/v0/webhooks`) takes, by canonical name (DTR's own names): DTR's
 * 15 types (DTR 2.6 API, "webhook types"), then the project-level types Harbor reports (scan
 * stopped, quota, tag retention), which DTR lacks and its API serves as they are. A canonical
 * type not listed here cannot be subscribed to through the DTR API.
 */
export const DTR_EVENT_TYPES = [
  'TAG_PUSH',
  'TAG_PULL',
  'TAG_DELETE',
  'MANIFEST_PUSH',
  'MANIFEST_PULL',
  'MANIFEST_DELETE',
  'SCAN_COMPLETED',
  'SCAN_FAILED',
  'PROMOTION',
  'PUSH_MIRRORING',
  'POLL_MIRRORING',
  'REPO_CREATED',
  'REPO_UPDATED',
  'REPO_DELETED',
  'SCANNER_UPDATE_COMPLETED',
  'SCAN_STOPPED',
  'QUOTA_EXCEEDED',
  'QUOTA_WARNING',
  'RETENTION_COMPLETED',
] as const satisfies readonly EventType[];

export type DtrEventType = (typeof DTR_EVENT_TYPES)[number];

/** DTR webhooks keep no fields of their own (`apiFields` is `{}`): everything DTR shows is a column. */
export type DtrApiFields = Record<string, never>;
