import {
  administersTarget,
  notAuthorized,
  PermissionService,
  repositoryAccessIn,
  repositoryReach,
} from '@hookyard/auth';
import {
  type CanonicalEvent,
  repoCreatedEvent,
  repoDeletedEvent,
  repoUpdatedEvent,
  type RepositoryActivity,
} from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import {
  AccessRepository,
  Account,
  AccountRepository,
  DatabaseTransactions,
  EventLogRepository,
  Listing,
  RegistryRepositoryRepository,
  RepositoryRecord,
  RepositorySettings,
  Transaction,
} from '@hookyard/persistence';
import { RepositoryDeletionPublisher } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';
import { noSuchAccount } from '../accounts/account-errors';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import type { CreateRepositoryDto, UpdateRepositoryDto } from './dtos';
import { GATEWAY_SOURCE, RepositoryEventsPublisher } from './repository-events.publisher';
import { noSuchRepository } from './repository-errors';

/** What a deletion removed, to announce once it committed. */
export interface Removed {
  subscriptionIds: string[];
  /** `namespace/name` of each repository deleted. */
  repositories: string[];
}

/**
 * DTR's repositories: objects made by the first push or here, seen by whoever has access to them,
 * changed and deleted by their admins. Every change is announced (REPO_CREATED, REPO_UPDATED,
 * REPO_DELETED with the repository object) before its transaction commits: when the event store
 * is down the change is not made (503).
 */
@Injectable()
export class RepositoriesService {
  constructor(
    private readonly repositories: RegistryRepositoryRepository,
    private readonly access: AccessRepository,
    private readonly subscriptions: SubscriptionsService,
    private readonly transactions: DatabaseTransactions,
    private readonly accounts: AccountRepository,
    private readonly permissions: PermissionService,
    private readonly events: RepositoryEventsPublisher,
    private readonly deletions: RepositoryDeletionPublisher,
    private readonly eventLog: EventLogRepository,
  ) {}

  /** DTR: the namespace's admins (its owners, teams with `admin` on it) create repositories in it. */
  async create(actor: Account, namespace: string, dto: CreateRepositoryDto): Promise<RepositoryRecord> {
    if (!(await this.accounts.existsByName(namespace))) throw noSuchAccount(namespace);
    if (!(await this.permissions.administersNamespace(actor, namespace))) {
      throw notAuthorized(`only admins of the namespace ${namespace} can create repositories in it`);
    }
    const { name, ...settings } = dto;
    return this.transactions.run(async (transaction) => {
      const { record, created } = await this.repositories.insertIfMissing(
        { namespace, name, ...settings },
        transaction,
      );
      // One made but never announced (its first push failed to reach the stream) is announced now.
      if (!created && record.announced) {
        throw new ApiError(409, 'REPOSITORY_EXISTS', `repository ${namespace}/${name} already exists`, {
          namespace,
          name,
        });
      }
      await this.events.publish([repoCreatedEvent(this.activity(actor, record), GATEWAY_SOURCE, record)]);
      await this.repositories.markAnnounced([record.id], transaction);
      return { ...record, announced: true };
    });
  }

  /** The repository, for anyone with access to it; 404 for everyone else, as for none. */
  async get(actor: Account, namespace: string, name: string): Promise<RepositoryRecord> {
    const scope = await this.permissions.scopeOf(actor);
    const record = await this.repositories.findByName({ namespace, name });
    if (!record || repositoryAccessIn(scope, namespace, name) === null)
      throw noSuchRepository(namespace, name);
    return record;
  }

  async update(
    actor: Account,
    namespace: string,
    name: string,
    dto: UpdateRepositoryDto,
  ): Promise<RepositoryRecord> {
    await this.administeredName(actor, namespace, name);
    return this.transactions.run(async (transaction) => {
      const settings: RepositorySettings = dto;
      const updated = await this.repositories.update({ namespace, name }, settings, transaction);
      if (!updated) throw noSuchRepository(namespace, name);
      await this.events.publish([repoUpdatedEvent(this.activity(actor, updated), GATEWAY_SOURCE, updated)]);
      return updated;
    });
  }

  /**
   * Deletes the repository with its grants and every subscription pointing at it (the delivery log
   * stays, for system admins, until DELIVERY_LOG_RETENTION; its activity stream, for its
   * namespace's readers: RepositoryDeletion). DTR answers 204 when there was no repository of that
   * name too; its grants and subscriptions by name go all the same, and the name's events up to
   * then are closed to those granted it later.
   */
  async remove(actor: Account, namespace: string, name: string): Promise<void> {
    await this.administeredName(actor, namespace, name);
    const removed = await this.transactions.run(async (transaction) => {
      const { subscriptionIds, events } = await this.removeWithin(actor, namespace, name, transaction);
      await this.events.publish(events);
      // After its REPO_DELETED was published: that is the deleted repository's too.
      await this.eventLog.closeRepository({ namespace, name }, new Date(), transaction);
      return subscriptionIds;
    });
    await this.announceRemoved({ subscriptionIds: removed, repositories: [`${namespace}/${name}`] });
  }

  /**
   * Deletes every repository of a namespace (its account is being deleted) in the caller's
   * transaction, with the grants and subscriptions within the namespace, and publishes their
   * REPO_DELETED; returns what to `announceRemoved` once it committed. The account's deletion
   * closes their events (NamespaceDeletion).
   */
  async removeNamespace(actor: Account, namespace: string, transaction: Transaction): Promise<Removed> {
    const records = await this.repositories.deleteNamespace(namespace, transaction);
    await this.access.revokeWithinNamespace(namespace, transaction);
    const subscriptionIds = await this.subscriptions.deleteTargeting(namespace, null, transaction);
    await this.events.publish(records.map((record) => this.deletedEvent(actor, record)));
    return { subscriptionIds, repositories: records.map((record) => `${record.namespace}/${record.name}`) };
  }

  /**
   * After a deletion committed: dispatchers and workers drop the deleted subscriptions, ingest
   * forgets the deleted repositories (their next push makes them again).
   */
  async announceRemoved(removed: Removed): Promise<void> {
    await this.subscriptions.announce(removed.subscriptionIds);
    await this.deletions.deleted(removed.repositories);
  }

  /** The repositories the caller has access to, all of them or those of one namespace. */
  async list(actor: Account, namespace?: string): Promise<Listing<RepositoryRecord>> {
    const reach = repositoryReach(await this.permissions.scopeOf(actor));
    return this.repositories.list({ namespace, reach });
  }

  private async removeWithin(actor: Account, namespace: string, name: string, transaction: Transaction) {
    const record = await this.repositories.delete({ namespace, name }, transaction);
    await this.access.revokeRepository(namespace, name, transaction);
    const subscriptionIds = await this.subscriptions.deleteTargeting(namespace, name, transaction);
    return { subscriptionIds, events: record ? [this.deletedEvent(actor, record)] : [] };
  }

  private deletedEvent(actor: Account, record: RepositoryRecord): CanonicalEvent {
    return repoDeletedEvent(
      this.activity(actor, record),
      GATEWAY_SOURCE,
      `repo-deleted:${record.id}`,
      record,
    );
  }

  /** Admins of the repository (or of the name, when there is none) go on; 403 for those who see it, else 404. */
  private async administeredName(actor: Account, namespace: string, name: string): Promise<void> {
    const scope = await this.permissions.scopeOf(actor);
    if (administersTarget(scope, { namespace, repository: name })) return;
    if (repositoryAccessIn(scope, namespace, name) === null) throw noSuchRepository(namespace, name);
    throw notAuthorized(`only admins of ${namespace}/${name} can change or delete it`);
  }

  private activity(actor: Account, record: RepositoryRecord): RepositoryActivity {
    return {
      fullName: `${record.namespace}/${record.name}`,
      author: actor.name,
      occurredAt: new Date().toISOString(),
    };
  }
}
