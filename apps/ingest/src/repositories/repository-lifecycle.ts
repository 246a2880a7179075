import type { CanonicalEvent } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { EventStreamWriter } from '../event-stream/event-stream.writer';
import { KnownRepositories } from './known-repositories';
import { repoCreatedDedupKey, repoCreatedEvent, type RepositoryActivity } from './repository-events';

/**
 * REPO_CREATED for the first push to a repository, and forgetting a deleted one, for every producer
 * that reports pushes (Distribution, Harbor). One RepositoryChanges per request: it decides while
 * the request's events are built, and records once they are in the stream.
 */
@Injectable()
export class RepositoryLifecycle {
  constructor(
    private readonly known: KnownRepositories,
    private readonly stream: EventStreamWriter,
  ) {}

  begin(source: string): RepositoryChanges {
    return new RepositoryChanges(this.known, this.stream, source);
  }
}

export class RepositoryChanges {
  /** The last change of each repository in the request. */
  private readonly changes = new Map<string, 'created' | 'deleted'>();

  constructor(
    private readonly known: KnownRepositories,
    private readonly stream: EventStreamWriter,
    private readonly source: string,
  ) {}

  /** REPO_CREATED, to go before the push's own events, when the pushed repository is new. */
  async pushed(activity: RepositoryActivity, createdAt?: string): Promise<CanonicalEvent | undefined> {
    const { fullName } = activity;
    if (this.changes.has(fullName) || (await this.known.isKnown(fullName))) return undefined;
    this.changes.set(fullName, 'created');
    return repoCreatedEvent(activity, this.source, createdAt);
  }

  deleted(fullName: string): void {
    this.changes.set(fullName, 'deleted');
  }

  /**
   * After the append: created repositories are recorded; deleted ones forgotten, with the dedup
   * mark of their REPO_CREATED, so that a push re-creating one announces it again. Idempotent: a
   * retried request records the same.
   */
  async commit(): Promise<void> {
    if (this.changes.size === 0) return;
    const byChange = (change: string) =>
      [...this.changes].filter(([, value]) => value === change).map(([fullName]) => fullName);
    await this.known.markSeen(byChange('created'));
    const deleted = byChange('deleted');
    if (deleted.length === 0) return;
    await this.known.forget(deleted);
    await this.stream.forgetDedupKeys(deleted.map(repoCreatedDedupKey));
  }
}
