import type { EventType } from '../event-types';

/**
 * What DTR's webhook API (`/api/v0/webhooks`) takes, by canonical name (DTR's own names): DTR's
 * 15 types (DTR 2.6 API, "webhook types"), then the project-level types Harbor reports (scan
 * stopped, quota, tag retention), which DTR lacks and its API serves as they are, then Hookyard's
 * operational events (OPERATIONAL_EVENT_TYPES), which only the DTR API offers: Quay notifications
 * and Alauda hooks are of one repository, operational events of a namespace. A canonical
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
  'WEBHOOK_DISABLED',
  'DELIVERY_EXHAUSTED',
  'DELIVERY_FAILING',
] as const satisfies readonly EventType[];

export type DtrEventType = (typeof DTR_EVENT_TYPES)[number];

/** DTR webhooks keep no fields of their own (`apiFields` is `{}`): everything DTR shows is a column. */
export type DtrApiFields = Record<string, never>;

/** What Hookyard keeps of a repository: the columns DTR's repository object is made of. */
export interface RepositoryFields {
  id: string;
  namespace: string;
  name: string;
  /** Whether the namespace is an organization (else a user, or no account at all). */
  namespaceIsOrg: boolean;
  shortDescription: string;
  longDescription: string;
  visibility: RepositoryVisibility;
  scanOnPush: boolean;
  immutableTags: boolean;
  enableManifestLists: boolean;
  tagLimit: number;
  pulls: number;
  pushes: number;
}

export const REPOSITORY_VISIBILITIES = ['public', 'private'] as const;
export type RepositoryVisibility = (typeof REPOSITORY_VISIBILITIES)[number];

/**
 * DTR 2.6's repository object (`responses.Repository`, DTR 2.6 API): what
 * `/api/v0/repositories/{namespace}/{reponame}` answers and what REPO_* webhooks carry as `data`.
 */
export interface DtrRepository {
  id: string;
  namespace: string;
  namespaceType: 'user' | 'organization';
  name: string;
  shortDescription: string;
  longDescription: string;
  visibility: RepositoryVisibility;
  scanOnPush: boolean;
  immutableTags: boolean;
  enableManifestLists: boolean;
  pulls: number;
  pushes: number;
  tagLimit: number;
}

export function dtrRepository(repository: RepositoryFields): DtrRepository {
  return {
    id: repository.id,
    namespace: repository.namespace,
    namespaceType: repository.namespaceIsOrg ? 'organization' : 'user',
    name: repository.name,
    shortDescription: repository.shortDescription,
    longDescription: repository.longDescription,
    visibility: repository.visibility,
    scanOnPush: repository.scanOnPush,
    immutableTags: repository.immutableTags,
    enableManifestLists: repository.enableManifestLists,
    pulls: repository.pulls,
    pushes: repository.pushes,
    tagLimit: repository.tagLimit,
  };
}
