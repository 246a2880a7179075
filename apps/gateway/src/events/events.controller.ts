import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, pagedAnswer } from '../paging/listing-answer';
import { EventsQuery, RepositoryEventsQuery } from './dtos';
import { EventsResponse, presentEvent } from './event.presenter';
import { EventsService } from './events.service';

/** DTR's `responses.Events`; always a page (DTR-style, 20 by default): the stream grows without bound. */
const EVENTS = { list: 'events' };

@ApiTags('DTR events')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0')
@UseGuards(AuthenticatedGuard)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @ApiOperation({
    summary: 'Get Events: the activity stream, newest first',
    description:
      'System admins read every event; other users the events of the repositories they have access to ' +
      '(pulls only where they are repository admins).',
  })
  @ApiPagedResponse({ type: EventsResponse })
  async list(
    @CurrentAccount() account: Account,
    @Query() query: EventsQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return pagedAnswer(response, await this.events.list(account, query), query, presentEvent, EVENTS);
  }

  @Get('repositories/:namespace/:reponame/events')
  @ApiOperation({
    summary: 'List the events of a repository, newest first (any access to it; pulls for its admins)',
  })
  @ApiPagedResponse({ type: EventsResponse })
  async listOfRepository(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Query() query: RepositoryEventsQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const listing = await this.events.listOfRepository(account, namespace, repository, query);
    return pagedAnswer(response, listing, query, presentEvent, EVENTS);
  }
}
