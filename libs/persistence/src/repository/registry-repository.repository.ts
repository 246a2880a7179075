import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Account } from '../account/account.entity';
import { Keyset } from '../listing/keyset';
import { entityColumns, Listing, sqlListing } from '../listing/listing';
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

  /**
   * The repositories by namespace and name, of one namespace when given, within the reach when
   * given (each namespace and single repository read through the primary key: ListingRead.within).
   */
  list(query: { namespace?: string; reach: 'everything' | RepositoryReach }): Listing<RepositoryRecord> {
    return sqlListing(this.dataSource, BY_NAME, (read) => {
      const inNamespace =
        query.namespace === undefined ? 'TRUE' : `r.namespace = ${read.param(query.namespace)}`;
      const matching = `${inNamespace} AND ${read.after('r')}`;
      const { reach } = query;
      const rows =
        reach === 'everything'
          ? `SELECT * FROM registry_repositories r WHERE ${matching}`
          : read.within('registry_repositories', 'r', matching, {
              namespaces: [{ names: reach.namespaces }],
              repositories: { pairs: reach.repositories, column: 'name' },
            });
      return `SELECT ${repositoryRecordColumns(this.dataSource, 'r')}, ${read.key('r')}
                FROM (${rows}) r ORDER BY ${read.orderBy('r')} ${read.limit}`;
    });
  }
}

/** The listing order of repositories: by namespace, then name (the primary key). */
const BY_NAME = new Keyset([
  { column: 'namespace', type: 'text' },
  { column: 'name', type: 'text' },
]);

/**
 * The columns of a RepositoryRecord: the repository at `alias`, and whether its namespace is an
 * organization's, looked up for each row shown (a join could read every account for a page).
 */
export function repositoryRecordColumns(dataSource: DataSource, alias: string): string {
  return `${entityColumns(dataSource, RegistryRepository, alias)},
          coalesce((SELECT a.is_org FROM accounts a WHERE a.name = ${alias}.namespace), false) AS "namespaceIsOrg"`;
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
