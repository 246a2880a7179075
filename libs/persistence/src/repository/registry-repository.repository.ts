import type { PageRequest } from '@hookyard/http';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Account } from '../account/account.entity';
import { managerFor, Transaction } from '../transactions';
import { RegistryRepository } from './registry-repository.entity';

/** A registry repository's name, as the table keeps it. */
export type RegistryRepositoryName = Pick<RegistryRepository, 'namespace' | 'name'>;

/** A repository and what DTR's object adds to it: whether its namespace is an organization. */
export type RepositoryRecord = RegistryRepository & { namespaceIsOrg: boolean };

/** DTR's repository settings (forms.CreateRepo, forms.UpdateRepo). */
export type RepositorySettings = Partial<
  Pick<
    RegistryRepository,
    | 'shortDescription'
    | 'longDescription'
    | 'visibility'
    | 'scanOnPush'
    | 'immutableTags'
    | 'enableManifestLists'
    | 'tagLimit'
  >
>;

/** A new repository: its name, settings, and when it was made (a producer's own time, else now). */
export type NewRegistryRepository = RegistryRepositoryName & RepositorySettings & { createdAt?: string };

/** The repositories a caller may see, unless it may see all: whole namespaces and single ones. */
export interface RepositoryReach {
  namespaces: string[];
  repositories: Array<{ namespace: string; repository: string }>;
}

/** DTR's repository objects: made by first pushes and through the API, listed, changed, deleted. */
@Injectable()
export class RegistryRepositoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The repository, unless there is none of that name. */
  async findByName(
    name: RegistryRepositoryName,
    transaction?: Transaction,
  ): Promise<RepositoryRecord | null> {
    const [found] = await records(
      withNamespaceKind(managerFor(this.dataSource, transaction)).where(
        'r.namespace = :namespace AND r.name = :name',
        name,
      ),
    );
    return found ?? null;
  }

  /** The repositories of these names that exist. */
  findByNames(names: RegistryRepositoryName[]): Promise<RepositoryRecord[]> {
    if (names.length === 0) return Promise.resolve([]);
    return records(
      withNamespaceKind(this.dataSource.manager).where(
        '(r.namespace, r.name) IN (SELECT * FROM unnest(:namespaces::text[], :names::text[]))',
        { namespaces: names.map((n) => n.namespace), names: names.map((n) => n.name) },
      ),
    );
  }

  /**
   * Makes the repository, not yet announced, unless one of that name exists; either way returns
   * it, `created` telling which.
   */
  async insertIfMissing(
    repository: NewRegistryRepository,
    transaction?: Transaction,
  ): Promise<{ record: RepositoryRecord; created: boolean }> {
    const manager = managerFor(this.dataSource, transaction);
    const { createdAt, ...columns } = repository;
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(RegistryRepository)
      .values({ ...columns, announced: false, ...(createdAt ? { createdAt: new Date(createdAt) } : {}) })
      .orIgnore()
      .updateEntity(false)
      .returning(['id'])
      .execute();
    const record = await this.findByName(repository, transaction);
    if (!record)
      throw new Error(`repository ${repository.namespace}/${repository.name} vanished as it was made`);
    return { record, created: inserted.raw.length > 0 };
  }

  /** Their REPO_CREATED is in the event stream. */
  async markAnnounced(ids: string[], transaction?: Transaction): Promise<void> {
    if (ids.length === 0) return;
    await managerFor(this.dataSource, transaction).update(
      RegistryRepository,
      { id: In(ids) },
      { announced: true },
    );
  }

  /** Changes the settings given; returns the repository as changed, null when there is none. */
  async update(
    name: RegistryRepositoryName,
    settings: RepositorySettings,
    transaction?: Transaction,
  ): Promise<RepositoryRecord | null> {
    if (Object.keys(settings).length > 0) {
      await managerFor(this.dataSource, transaction).update(RegistryRepository, name, settings);
    }
    return this.findByName(name, transaction);
  }

  /** Deletes the repository; returns it as it was, null when there was none. */
  async delete(name: RegistryRepositoryName, transaction?: Transaction): Promise<RepositoryRecord | null> {
    const found = await this.findByName(name, transaction);
    if (found) await managerFor(this.dataSource, transaction).delete(RegistryRepository, name);
    return found;
  }

  /** Deletes every repository of a namespace, in the caller's transaction; returns them as they were. */
  async deleteNamespace(namespace: string, transaction: Transaction): Promise<RepositoryRecord[]> {
    const manager = managerFor(this.dataSource, transaction);
    const found = await records(withNamespaceKind(manager).where('r.namespace = :namespace', { namespace }));
    await manager.delete(RegistryRepository, { namespace });
    return found;
  }

  /** One page of repositories by namespace and name, within a namespace and the reach when given. */
  list(query: {
    namespace?: string;
    reach: 'everything' | RepositoryReach;
    page: PageRequest;
  }): Promise<RepositoryRecord[]> {
    const builder = withNamespaceKind(this.dataSource.manager)
      .orderBy('r.namespace', 'ASC')
      .addOrderBy('r.name', 'ASC')
      .limit(query.page.limit);
    if (query.namespace !== undefined)
      builder.andWhere('r.namespace = :namespace', { namespace: query.namespace });
    if (query.page.after) {
      const [namespace, name] = query.page.after;
      builder.andWhere('(r.namespace, r.name) > (:afterNamespace, :afterName)', {
        afterNamespace: namespace,
        afterName: name,
      });
    }
    const { reach } = query;
    if (reach !== 'everything') {
      builder.andWhere(
        new Brackets((where) => {
          where.where('r.namespace = ANY(:reachNamespaces)', { reachNamespaces: reach.namespaces });
          where.orWhere(
            '(r.namespace, r.name) IN (SELECT * FROM unnest(:reachRepoNamespaces::text[], :reachRepos::text[]))',
            {
              reachRepoNamespaces: reach.repositories.map((r) => r.namespace),
              reachRepos: reach.repositories.map((r) => r.repository),
            },
          );
        }),
      );
    }
    return records(builder);
  }
}

/** Repositories with whether their namespace is an organization's. */
function withNamespaceKind(manager: EntityManager): SelectQueryBuilder<RegistryRepository> {
  return manager
    .createQueryBuilder(RegistryRepository, 'r')
    .leftJoin(Account, 'a', 'a.name = r.namespace')
    .addSelect('coalesce(a.is_org, false)', 'namespace_is_org');
}

async function records(builder: SelectQueryBuilder<RegistryRepository>): Promise<RepositoryRecord[]> {
  const { entities, raw } = await builder.getRawAndEntities<{ namespace_is_org: boolean }>();
  return entities.map((entity, i) => Object.assign(entity, { namespaceIsOrg: raw[i].namespace_is_org }));
}
