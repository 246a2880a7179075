import {
  type CanonicalEvent,
  repoCreatedEvent,
  repoDeletedEvent,
  type RepositoryActivity,
} from '@hookyard/events';
import type { RepositoryRecord } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { KnownRepositories } from './known-repositories';

/**
 * REPO_CREATED for the first push to a repository, and REPO_DELETED and forgetting a deleted one,
 * for every producer that reports them (Distribution, Harbor). One RepositoryChanges per request:
 * it decides while the request's events are built, and records once they are in the stream.
 */
@Injectable()
export class RepositoryLifecycle {
  constructor(private readonly known: KnownRepositories) {}

  begin(source: string): RepositoryChanges {
    return new RepositoryChanges(this.known, source);
  }
}

export class RepositoryChanges {
  /** The last change of each repository in the request (the repository made, for a creation). */
  private readonly changes = new Map<string, RepositoryRecord | 'deleted'>();

  constructor(
    private readonly known: KnownRepositories,
    private readonly source: string,
  ) {}

  /** REPO_CREATED, to go before the push's own events, when the pushed repository is new. */
  async pushed(activity: RepositoryActivity, createdAt?: string): Promise<CanonicalEvent | undefined> {
    const { fullName } = activity;
    if (this.changes.has(fullName)) return undefined;
    const repository = await this.known.toAnnounce(fullName, createdAt);
    if (!repository) return undefined;
    this.changes.set(fullName, repository);
    return repoCreatedEvent(activity, this.source, repository);
  }

  /** REPO_DELETED with the repository as Hookyard knew it; `dedupKey` names the producer's event. */
  async deleted(activity: RepositoryActivity, dedupKey: string): Promise<CanonicalEvent> {
    const earlier = this.changes.get(activity.fullName);
    const repository = earlier === undefined ? await this.known.find(activity.fullName) : earlier;
    this.changes.set(activity.fullName, 'deleted');
    return repoDeletedEvent(
      activity,
      this.source,
      dedupKey,
      repository === 'deleted' ? undefined : repository,
    );
  }

  /**
   * After the append: created repositories are marked announced, deleted ones forgotten (their
   * next push makes them again, with a new id). Idempotent: a retried request records the same.
   */
  async commit(): Promise<void> {
    const created = [...this.changes.values()].filter((change) => change !== 'deleted');
    await this.known.markAnnounced(created);
    const deleted = [...this.changes]
      .filter(([, change]) => change === 'deleted')
      .map(([fullName]) => fullName);
    if (deleted.length > 0) await this.known.forget(deleted);
  }
}
