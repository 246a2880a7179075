import { randomUUID } from 'node:crypto';
import { dtrRepository, type RepositoryFields } from './apis/dtr';
import type { CanonicalEvent } from './canonical-event';
import { eventIdFor } from './event-id';
import { splitRepositoryName } from './repository-name';

/** A repository as an event shows it: who did what to it, when. */
export interface RepositoryActivity {
  /** `<namespace>/<repository>` */
  fullName: string;
  author: string;
  /** ISO-8601 time of the event. */
  occurredAt: string;
}

/**
 * REPO_CREATED is emitted once per repository object: its dedup key is the repository's id, so the
 * same creation announced again (a retried request, two ingest replicas racing, ingest and the
 * API) is one event, and a repository deleted and created again is announced again.
 */
export const repoCreatedDedupKey = (repository: Pick<RepositoryFields, 'id'>) =>
  `repo-created:${repository.id}`;

/**
 * The REPO_* event of `type` for `repository`, its `data` DTR's repository object (or `{}`); with no
 * `dedupKey`, a random id and no dedup mark.
 */
function repositoryEvent(
  type: 'REPO_CREATED' | 'REPO_UPDATED' | 'REPO_DELETED',
  activity: RepositoryActivity,
  source: string,
  dedupKey: string | undefined,
  repository: RepositoryFields | undefined,
): CanonicalEvent {
  const { namespace, repository: name } = splitRepositoryName(activity.fullName);
  return {
    id: dedupKey === undefined ? randomUUID() : eventIdFor(dedupKey),
    type,
    occurredAt: activity.occurredAt,
    source,
    namespace,
    repository: name,
    contents: {
      namespace,
      repository: name,
      event: type,
      author: activity.author,
      data: repository ? dtrRepository(repository) : {},
    },
    ...(dedupKey !== undefined && { dedupKey }),
  };
}

/** REPO_CREATED for a repository Hookyard recorded (a first push, or one created through the API). */
export function repoCreatedEvent(
  activity: RepositoryActivity,
  source: string,
  repository: RepositoryFields,
): CanonicalEvent {
  return repositoryEvent('REPO_CREATED', activity, source, repoCreatedDedupKey(repository), repository);
}

/**
 * REPO_UPDATED with the repository as changed. Each change is an event of its own, announced once
 * in the change's transaction: it has no dedup key (a random one could never match, yet would hold
 * a 7-day mark in Redis per change).
 */
export function repoUpdatedEvent(
  activity: RepositoryActivity,
  source: string,
  repository: RepositoryFields,
): CanonicalEvent {
  return repositoryEvent('REPO_UPDATED', activity, source, undefined, repository);
}

/**
 * REPO_DELETED, with the repository as it was when Hookyard knew it (DTR's webhook docs specify
 * `data` for creating and updating only), else `{}`; `dedupKey` names the producer's event.
 */
export function repoDeletedEvent(
  activity: RepositoryActivity,
  source: string,
  dedupKey: string,
  repository?: RepositoryFields,
): CanonicalEvent {
  return repositoryEvent('REPO_DELETED', activity, source, dedupKey, repository);
}
