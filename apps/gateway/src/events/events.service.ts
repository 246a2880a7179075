import { eventReach, PermissionService, repositoryAccessIn } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  Account,
  EventLogEntry,
  EventLogQuery,
  EventLogRepository,
  Listing,
  RegistryRepositoryRepository,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { noSuchRepository } from '../repositories/repository-errors';
import type { EventsQuery, RepositoryEventsQuery } from './dtos';

/** The activity stream, as far as the caller may read it now (rules: libs/auth eventReach). */
@Injectable()
export class EventsService {
  constructor(
    private readonly log: EventLogRepository,
    private readonly repositories: RegistryRepositoryRepository,
    private readonly permissions: PermissionService,
  ) {}

  /** Every event the caller may read; all of them for system admins. */
  async list(account: Account, query: EventsQuery): Promise<Listing<EventLogEntry>> {
    if (query.repository !== undefined && query.namespace === undefined) {
      throw new ApiError(
        400,
        'INVALID_PARAMETERS',
        'repository is a filter within a namespace: give namespace too',
        {
          fields: ['namespace'],
        },
      );
    }
    const reach = eventReach(await this.permissions.scopeOf(account));
    return this.listing(query, { namespace: query.namespace, repository: query.repository, reach });
  }

  /**
   * The events of one repository, for anyone with access to it (pulls for its admins only); 404
   * for those without, and for everyone when no repository of that name exists (DTR's
   * NO_SUCH_REPOSITORY): a deleted repository's events are read through `list`, by system admins.
   */
  async listOfRepository(
    account: Account,
    namespace: string,
    repository: string,
    query: RepositoryEventsQuery,
  ): Promise<Listing<EventLogEntry>> {
    const scope = await this.permissions.scopeOf(account);
    const level = repositoryAccessIn(scope, namespace, repository);
    if (level === null || !(await this.repositories.findByName({ namespace, name: repository }))) {
      throw noSuchRepository(namespace, repository);
    }
    // Within the repository: pulls and operational events for its admins; a deleted account's
    // history only for system admins.
    const reach = scope.systemAdmin
      ? 'everything'
      : {
          namespaces: [namespace],
          repositories: [],
          adminNamespaces: level === 'admin' ? [namespace] : [],
          adminRepositories: [],
        };
    return this.listing(query, { namespace, repository, reach });
  }

  private listing(
    query: RepositoryEventsQuery,
    where: Pick<EventLogQuery, 'namespace' | 'repository' | 'reach'>,
  ): Listing<EventLogEntry> {
    return this.log.list({
      ...where,
      type: query.eventType,
      actor: query.actor,
      publishedBefore: query.publishedBefore === undefined ? undefined : new Date(query.publishedBefore),
      publishedAfter: query.publishedAfter === undefined ? undefined : new Date(query.publishedAfter),
    });
  }
}
