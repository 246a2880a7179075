import { splitRepositoryName } from '@hookyard/events';
import { RegistryRepositoryRepository } from '@hookyard/persistence';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** Repository names remembered in memory (about 100 bytes each); older ones are asked again. */
export const KNOWN_REPOSITORIES_KEPT = 50_000;

/**
 * The repositories Hookyard has seen a push for (table registry_repositories). A repository is
 * marked seen only after its REPO_CREATED is in the stream, so a crash in between makes the retried
 * envelope emit it again (the stream dedups it by repository). A deleted repository is forgotten,
 * so that a push re-creating it emits REPO_CREATED again.
 */
@Injectable()
export class KnownRepositories {
  /**
   * Positive answers are kept: repositories are forgotten only when deleted, which registries report
   * rarely (Distribution 3's repository delete). Another ingest replica keeps its answer until it
   * restarts, and a re-created repository pushed through it gets no new REPO_CREATED. Only the
   * most recently used are kept, since events name any number of repositories.
   */
  private readonly seen = new LRUCache<string, true>({ max: KNOWN_REPOSITORIES_KEPT });

  constructor(private readonly rows: RegistryRepositoryRepository) {}

  async isKnown(fullName: string): Promise<boolean> {
    if (this.seen.has(fullName)) return true;
    const { namespace, repository } = splitRepositoryName(fullName);
    const known = await unavailableOnError(() => this.rows.exists({ namespace, name: repository }));
    if (known) this.seen.set(fullName, true);
    return known;
  }

  async markSeen(fullNames: string[]): Promise<void> {
    if (fullNames.length === 0) return;
    const values = fullNames.map((fullName) => {
      const { namespace, repository } = splitRepositoryName(fullName);
      return { namespace, name: repository };
    });
    await unavailableOnError(() => this.rows.addMissing(values));
    for (const fullName of fullNames) this.seen.set(fullName, true);
  }

  async forget(fullNames: string[]): Promise<void> {
    for (const fullName of fullNames) {
      const { namespace, repository } = splitRepositoryName(fullName);
      await unavailableOnError(() => this.rows.delete({ namespace, name: repository }));
      this.seen.delete(fullName);
    }
  }
}

/** A database outage is temporary: 503 makes the registry retry the envelope. */
async function unavailableOnError<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw new ServiceUnavailableException(
      `repository store unavailable, retry later: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
