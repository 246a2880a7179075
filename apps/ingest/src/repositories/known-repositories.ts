import { splitRepositoryName } from '@hookyard/events';
import {
  DatabaseTransactions,
  EventLogRepository,
  RegistryRepositoryRepository,
  RepositoryRecord,
} from '@hookyard/persistence';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** Repository names remembered in memory (about 100 bytes each); older ones are asked again. */
export const KNOWN_REPOSITORIES_KEPT = 50_000;
/** How long a repository is taken as known without asking: one deleted elsewhere is seen after this. */
export const KNOWN_REPOSITORIES_TTL_MS = 60_000;

/**
 * The repositories Hookyard knows (table registry_repositories). A push to one it does not know
 * makes it, not yet announced; it is marked announced only after its REPO_CREATED is in the
 * stream, so a crash in between makes the retried envelope announce the same repository again
 * (the stream dedups it by the repository's id). A deleted repository is forgotten.
 */
@Injectable()
export class KnownRepositories {
  /**
   * Announced repositories, for a minute at most: one deleted through the gateway is forgotten when
   * its message arrives (forgetAnnounced), one deleted through another ingest replica (or whose
   * message was lost) after that minute. Only the most recently used are kept, since events name
   * any number of repositories.
   */
  private readonly announced = new LRUCache<string, true>({
    max: KNOWN_REPOSITORIES_KEPT,
    ttl: KNOWN_REPOSITORIES_TTL_MS,
  });

  constructor(
    private readonly rows: RegistryRepositoryRepository,
    private readonly transactions: DatabaseTransactions,
    private readonly eventLog: EventLogRepository,
  ) {}

  /**
   * The repository pushed to, when its REPO_CREATED is still to be announced: made now (a first
   * push), or made earlier and never announced. Undefined for one already announced.
   */
  async toAnnounce(fullName: string, createdAt?: string): Promise<RepositoryRecord | undefined> {
    if (this.announced.has(fullName)) return undefined;
    const { namespace, repository } = splitRepositoryName(fullName);
    const name = { namespace, name: repository };
    const existing = await unavailableOnError(() => this.rows.findByName(name));
    const record =
      existing ?? (await unavailableOnError(() => this.rows.insertIfMissing({ ...name, createdAt }))).record;
    if (!record.announced) return record;
    this.announced.set(fullName, true);
    return undefined;
  }

  /** The repository as Hookyard knows it, if it does (for REPO_DELETED). */
  async find(fullName: string): Promise<RepositoryRecord | undefined> {
    const { namespace, repository } = splitRepositoryName(fullName);
    return (
      (await unavailableOnError(() => this.rows.findByName({ namespace, name: repository }))) ?? undefined
    );
  }

  async markAnnounced(records: RepositoryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await unavailableOnError(() => this.rows.markAnnounced(records.map((record) => record.id)));
    for (const record of records) this.announced.set(`${record.namespace}/${record.name}`, true);
  }

  /** Repositories deleted elsewhere (the gateway): the next push to one looks it up again. */
  forgetAnnounced(fullNames: string[]): void {
    for (const fullName of fullNames) this.announced.delete(fullName);
  }

  /**
   * Repositories the registry deleted, once their REPO_DELETED is in the stream: their rows go, and
   * their events up to now are closed to those granted a repository made later under the name
   * (whether Hookyard had a row or only their events, from before it heard of a push).
   */
  async forget(fullNames: string[]): Promise<void> {
    for (const fullName of fullNames) {
      const { namespace, repository } = splitRepositoryName(fullName);
      const name = { namespace, name: repository };
      await unavailableOnError(() =>
        this.transactions.run(async (transaction) => {
          await this.rows.delete(name, transaction);
          await this.eventLog.closeRepository(name, new Date(), transaction);
        }),
      );
      this.announced.delete(fullName);
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
