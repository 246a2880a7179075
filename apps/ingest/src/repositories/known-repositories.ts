import { splitRepositoryName } from '@hookyard/events';
import { RegistryRepository } from '@hookyard/persistence';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

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
   * restarts, and a re-created repository pushed through it gets no new REPO_CREATED.
   */
  private readonly seen = new Set<string>();

  constructor(@InjectRepository(RegistryRepository) private readonly rows: Repository<RegistryRepository>) {}

  async isKnown(fullName: string): Promise<boolean> {
    if (this.seen.has(fullName)) return true;
    const { namespace, repository } = splitRepositoryName(fullName);
    const known = await unavailableOnError(() => this.rows.existsBy({ namespace, name: repository }));
    if (known) this.seen.add(fullName);
    return known;
  }

  async markSeen(fullNames: string[]): Promise<void> {
    if (fullNames.length === 0) return;
    const values = fullNames.map((fullName) => {
      const { namespace, repository } = splitRepositoryName(fullName);
      return { namespace, name: repository };
    });
    await unavailableOnError(() =>
      this.rows.createQueryBuilder().insert().values(values).orIgnore().execute(),
    );
    for (const fullName of fullNames) this.seen.add(fullName);
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
