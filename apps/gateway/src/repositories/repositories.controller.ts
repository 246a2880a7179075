import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { dtrRepository } from '@hookyard/events';
import { RequireContentType } from '@hookyard/http';
import { Account } from '@hookyard/persistence';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, pagedAnswer } from '../paging/listing-answer';
import { PageQuery } from '../paging/page-query';
import { CreateRepositoryDto, UpdateRepositoryDto } from './dtos';
import { RepositoriesResponse, RepositoryResponse } from './repository.presenter';
import { RepositoriesService } from './repositories.service';

/** DTR's `responses.Repositories`: always a page, 20 by default. */
const REPOSITORIES = { list: 'repositories' };

@ApiTags('DTR repositories')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/repositories')
@UseGuards(AuthenticatedGuard)
export class RepositoriesController {
  constructor(private readonly repositories: RepositoriesService) {}

  @Get()
  @ApiOperation({ summary: 'List the repositories the caller has access to (all of them for system admins)' })
  @ApiPagedResponse({ type: RepositoriesResponse })
  async list(
    @CurrentAccount() actor: Account,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return pagedAnswer(response, await this.repositories.list(actor), query, dtrRepository, REPOSITORIES);
  }

  @Get(':namespace')
  @ApiOperation({ summary: 'List the repositories of a namespace the caller has access to' })
  @ApiPagedResponse({ type: RepositoriesResponse })
  async listNamespace(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const listing = await this.repositories.list(actor, namespace);
    return pagedAnswer(response, listing, query, dtrRepository, REPOSITORIES);
  }

  @Post(':namespace')
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({
    summary: 'Create a repository (namespace admins: its owners, teams with admin on it); REPO_CREATED',
  })
  @ApiResponse({ status: 201, type: RepositoryResponse })
  @ApiResponse({ status: 409, description: 'REPOSITORY_EXISTS' })
  async create(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Body() dto: CreateRepositoryDto,
  ): Promise<RepositoryResponse> {
    return dtrRepository(await this.repositories.create(actor, namespace, dto));
  }

  @Get(':namespace/:reponame')
  @ApiOperation({ summary: 'View details of a repository (anyone with access to it)' })
  @ApiResponse({ status: 200, type: RepositoryResponse })
  async get(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') name: string,
  ): Promise<RepositoryResponse> {
    return dtrRepository(await this.repositories.get(actor, namespace, name));
  }

  @Patch(':namespace/:reponame')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Update details of a repository (repository admins); REPO_UPDATED' })
  @ApiResponse({ status: 200, type: RepositoryResponse })
  async update(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') name: string,
    @Body() dto: UpdateRepositoryDto,
  ): Promise<RepositoryResponse> {
    return dtrRepository(await this.repositories.update(actor, namespace, name, dto));
  }

  @Delete(':namespace/:reponame')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a repository, its grants and its subscriptions (repository admins); REPO_DELETED',
    description: '204 also when there is no repository of that name (DTR)',
  })
  async remove(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') name: string,
  ): Promise<void> {
    await this.repositories.remove(actor, namespace, name);
  }
}
