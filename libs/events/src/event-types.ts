/**
 * The event catalogue: every canonical event type, where it is scoped and who may
 * subscribe to it (DTR webhook types). Every API and the dispatcher read these rules from here.
 */
export const EVENT_TYPES = [
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
  'BUILD_COMPLETED',
  'JOB_SUCCEEDED',
  'JOB_FAILED',
  'BUILD_QUEUED',
  'BUILD_STARTED',
  'BUILD_CANCELLED',
  'MIRROR_SYNC_STARTED',
  'MIRROR_SYNC_FAILED',
  'SCAN_STOPPED',
  'QUOTA_EXCEEDED',
  'QUOTA_WARNING',
  'RETENTION_COMPLETED',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * repository: a DTR key is `namespace/repo` (or `namespace`, covering all its repositories);
 * namespace: key is a namespace; global: no key, system admins only.
 */
export type EventScope = 'repository' | 'namespace' | 'global';

/** Access needed to subscribe: repository admin, namespace owner, or system admin. */
export type RequiredAccess = 'repository-admin' | 'namespace-owner' | 'system-admin';

export interface EventTypeRule {
  scope: EventScope;
  access: RequiredAccess;
}

const repositoryRule: EventTypeRule = { scope: 'repository', access: 'repository-admin' };
const namespaceRule: EventTypeRule = { scope: 'namespace', access: 'namespace-owner' };

export const EVENT_TYPE_RULES: Record<EventType, EventTypeRule> = {
  TAG_PUSH: repositoryRule,
  TAG_PULL: repositoryRule,
  TAG_DELETE: repositoryRule,
  MANIFEST_PUSH: repositoryRule,
  MANIFEST_PULL: repositoryRule,
  MANIFEST_DELETE: repositoryRule,
  SCAN_COMPLETED: repositoryRule,
  SCAN_FAILED: repositoryRule,
  PROMOTION: repositoryRule,
  PUSH_MIRRORING: repositoryRule,
  POLL_MIRRORING: repositoryRule,
  REPO_CREATED: namespaceRule,
  REPO_UPDATED: namespaceRule,
  REPO_DELETED: namespaceRule,
  SCANNER_UPDATE_COMPLETED: { scope: 'global', access: 'system-admin' },
  BUILD_COMPLETED: repositoryRule,
  JOB_SUCCEEDED: repositoryRule,
  JOB_FAILED: repositoryRule,
  BUILD_QUEUED: repositoryRule,
  BUILD_STARTED: repositoryRule,
  BUILD_CANCELLED: repositoryRule,
  MIRROR_SYNC_STARTED: repositoryRule,
  MIRROR_SYNC_FAILED: repositoryRule,
  // Harbor reports these per project (a namespace): its owners subscribe, as to REPO_*.
  SCAN_STOPPED: namespaceRule,
  QUOTA_EXCEEDED: namespaceRule,
  QUOTA_WARNING: namespaceRule,
  RETENTION_COMPLETED: namespaceRule,
};

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
