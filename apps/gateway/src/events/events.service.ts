import { eventReach, PermissionService, repositoryAccessIn } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  Account,
  EventLogEntry,
  EventLogQuery,
  EventLogReach,
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
   * The events of one repository, for anyone with access to it (pulls and operational events for
   * its admins only; through a grant, none of a deleted one of its name); 404 for those without,
   * and for everyone when no repository of that name exists (DTR's NO_SUCH_REPOSITORY): a deleted
   * repository's events are read through `list`, by those who reach its namespace.
   */
  async listOfRepository(
    account: Account,
    namespace: string,
    repository: string,
    query: RepositoryEventsQuery,
  ): Promise<Listing<EventLogEntry>> {
    const scope = await this.permissions.scopeOf(account);
    if (
      repositoryAccessIn(scope, namespace, repository) === null ||
      !(await this.repositories.findByName({ namespace, name: repository }))
    ) {
      throw noSuchRepository(namespace, repository);
    }
    const reach = eventReach(scope);
    return this.listing(query, {
      namespace,
      repository,
      reach: reach === 'everything' ? reach : withinRepository(reach, namespace, repository),
    });
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

/**
 * The caller's reach cut to one repository it has access to (so the listing reads that one range):
 * through its namespace when it reaches the whole namespace, else through its grant; pulls and
 * operational events where it administers either.
 */
function withinRepository(reach: EventLogReach, namespace: string, repository: string): EventLogReach {
  const wholeNamespace = reach.namespaces.includes(namespace);
  const thisRepository = [{ namespace, repository }];
  const administered = reach.adminRepositories.some(
    (granted) => granted.namespace === namespace && granted.repository === repository,
  );
  return {
    namespaces: wholeNamespace ? [namespace] : [],
    repositories: wholeNamespace ? [] : thisRepository,
    adminNamespaces: reach.adminNamespaces.includes(namespace) ? [namespace] : [],
    adminRepositories: administered ? thisRepository : [],
  };
}
