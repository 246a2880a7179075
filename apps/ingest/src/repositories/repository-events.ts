import { type CanonicalEvent, splitRepositoryName } from '@hookyard/events';
import { eventIdFor } from '../event-stream/event-id';

/** A repository as a registry event shows it. */
export interface RepositoryActivity {
  /** `<namespace>/<repository>` */
  fullName: string;
  author: string;
  /** ISO-8601 time of the event. */
  occurredAt: string;
}

/** REPO_CREATED is emitted once per repository: its dedup key is the repository itself. */
export const repoCreatedDedupKey = (fullName: string) => `repo-created:${fullName}`;

/**
 * REPO_CREATED for the first push to `fullName`. However often the request is retried (or two race)
 * it is emitted once. Registries have no repository metadata for `data`: it is what Hookyard knows
 * (`createdAt` when the registry reports it, else the push).
 */
export function repoCreatedEvent(
  activity: RepositoryActivity,
  source: string,
  createdAt = activity.occurredAt,
): CanonicalEvent {
  const { namespace, repository } = splitRepositoryName(activity.fullName);
  const dedupKey = repoCreatedDedupKey(activity.fullName);
  return {
    id: eventIdFor(dedupKey),
    type: 'REPO_CREATED',
    occurredAt: activity.occurredAt,
    source,
    namespace,
    repository,
    contents: {
      namespace,
      repository,
      event: 'REPO_CREATED',
      author: activity.author,
      data: { namespace, name: repository, createdAt },
    },
    dedupKey,
  };
}

/** REPO_DELETED, with DTR's contents for it (`data` is `{}`); `dedupKey` names the producer's event. */
export function repoDeletedEvent(
  activity: RepositoryActivity,
  source: string,
  dedupKey: string,
): CanonicalEvent {
  const { namespace, repository } = splitRepositoryName(activity.fullName);
  return {
    id: eventIdFor(dedupKey),
    type: 'REPO_DELETED',
    occurredAt: activity.occurredAt,
    source,
    namespace,
    repository,
    contents: { namespace, repository, event: 'REPO_DELETED', author: activity.author, data: {} },
    dedupKey,
  };
}
