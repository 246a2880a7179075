import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { dtrRepository } from '@hookyard/events';
import { RequireContentType } from '@hookyard/http';
import { ACCESS_LEVELS, Account, RepositoryGrant, TeamGrant, UserGrant } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, listingAnswer, pagedAnswer } from '../paging/listing-answer';
import { PageQuery } from '../paging/page-query';
import { RepositoryResponse } from '../repositories/repository.presenter';
import { AccountResponse, presentAccount, presentTeam, TeamResponse } from '../accounts/account.presenter';
import { SetAccessDto } from './dtos';
import { RepositoryAccessService } from './repository-access.service';

class TeamAccessResponse {
  @ApiProperty({ enum: ACCESS_LEVELS }) accessLevel: string;
  @ApiProperty({ type: TeamResponse }) team: TeamResponse;
}

const presentTeamGrant = ({ team, accessLevel }: TeamGrant): TeamAccessResponse => ({
  accessLevel,
  team: presentTeam(team),
});

class RepositoryRef {
  @ApiProperty() namespace: string;
  @ApiProperty() name: string;
}

class RepoTeamAccessListResponse {
  @ApiProperty({ type: RepositoryResponse }) repository: RepositoryResponse;
  @ApiProperty({ type: TeamAccessResponse, isArray: true }) teamAccessList: TeamAccessResponse[];
}

class NamespaceTeamAccessResponse extends TeamAccessResponse {
  @ApiProperty({ description: 'the namespace (organization) granted' }) namespace: string;
}

class NamespaceTeamAccessListResponse {
  @ApiProperty() namespace: string;
  @ApiProperty({ type: TeamAccessResponse, isArray: true }) teamAccessList: TeamAccessResponse[];
}

class RepoAccessResponse {
  @ApiProperty({ enum: ACCESS_LEVELS }) accessLevel: string;
  @ApiProperty({ type: RepositoryResponse }) repository: RepositoryResponse;
}

class TeamRepoAccessListResponse {
  @ApiProperty({ type: TeamResponse }) team: TeamResponse;
  @ApiProperty({ type: RepoAccessResponse, isArray: true }) repositoryAccessList: RepoAccessResponse[];
}

class UserAccessResponse {
  @ApiProperty({ enum: ACCESS_LEVELS }) accessLevel: string;
  @ApiProperty({ type: AccountResponse }) user: AccountResponse;
}

class RepoUserAccessListResponse {
  @ApiProperty({ type: RepositoryRef }) repository: RepositoryRef;
  @ApiProperty({ type: UserAccessResponse, isArray: true }) userAccessList: UserAccessResponse[];
}

class RepoUserAccessResponse extends UserAccessResponse {
  @ApiProperty({ type: RepositoryRef }) repository: RepositoryRef;
}

@ApiTags('DTR repository access')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/repositories/:namespace/:reponame')
@UseGuards(AuthenticatedGuard)
export class RepositoryAccessController {
  constructor(private readonly access: RepositoryAccessService) {}

  @Get('teamAccess')
  @ApiOperation({
    summary: 'List teams granted access to an organization-owned repository (namespace owners)',
  })
  @ApiPagedResponse({ type: RepoTeamAccessListResponse })
  async listTeamAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { repository: record, grants } = await this.access.listTeamAccess(actor, namespace, repository);
    return listingAnswer(response, grants, query, presentTeamGrant, {
      fields: { repository: dtrRepository(record) },
      list: 'teamAccessList',
    });
  }

  @Put('teamAccess/:teamname')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: "Set a team's access to an organization-owned repository (namespace owners)" })
  @ApiResponse({ status: 200, type: TeamAccessResponse })
  async setTeamAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Param('teamname') teamName: string,
    @Body() dto: SetAccessDto,
  ): Promise<TeamAccessResponse> {
    const { team, accessLevel } = await this.access.setTeamAccess(
      actor,
      namespace,
      repository,
      teamName,
      dto.accessLevel,
    );
    return { accessLevel, team: presentTeam(team) };
  }

  @Delete('teamAccess/:teamname')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a team's access to an organization-owned repository (namespace owners)" })
  async revokeTeamAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Param('teamname') teamName: string,
  ): Promise<void> {
    await this.access.revokeTeamAccess(actor, namespace, repository, teamName);
  }

  @Get('userAccess')
  @ApiOperation({ summary: 'List users granted access to a repository (namespace owners)' })
  @ApiPagedResponse({ type: RepoUserAccessListResponse })
  async listUserAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { repository: record, grants } = await this.access.listUserAccess(actor, namespace, repository);
    return listingAnswer(
      response,
      grants,
      query,
      ({ user, accessLevel }: UserGrant): UserAccessResponse => ({ accessLevel, user: presentAccount(user) }),
      { fields: { repository: dtrRepository(record) }, list: 'userAccessList' },
    );
  }

  @Put('userAccess/:username')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: "Set a user's access to a repository (namespace owners)" })
  @ApiResponse({ status: 200, type: UserAccessResponse })
  async setUserAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Param('username') userName: string,
    @Body() dto: SetAccessDto,
  ): Promise<UserAccessResponse> {
    const { user, accessLevel } = await this.access.setUserAccess(
      actor,
      namespace,
      repository,
      userName,
      dto.accessLevel,
    );
    return { accessLevel, user: presentAccount(user) };
  }

  @Delete('userAccess/:username')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a user's access to a repository (namespace owners)" })
  async revokeUserAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Param('username') userName: string,
  ): Promise<void> {
    await this.access.revokeUserAccess(actor, namespace, repository, userName);
  }
}

@ApiTags('DTR repository access')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/accounts/:username/repositoryAccess')
@UseGuards(AuthenticatedGuard)
export class UserRepositoryAccessController {
  constructor(private readonly access: RepositoryAccessService) {}

  @Get(':namespace/:reponame')
  @ApiOperation({
    summary: "Check a user's access to a repository (the user, namespace owners)",
    description:
      'admin for namespace owners, else the strongest grant to the user or their teams; 404 without any',
  })
  @ApiResponse({ status: 200, type: RepoUserAccessResponse })
  async check(
    @CurrentAccount() actor: Account,
    @Param('username') userName: string,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
  ): Promise<RepoUserAccessResponse> {
    const { user, accessLevel } = await this.access.checkUserAccess(actor, userName, namespace, repository);
    return { accessLevel, user: presentAccount(user), repository: { namespace, name: repository } };
  }
}

@ApiTags('DTR repository access')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/repositoryNamespaces/:namespace/teamAccess')
@UseGuards(AuthenticatedGuard)
export class NamespaceTeamAccessController {
  constructor(private readonly access: RepositoryAccessService) {}

  @Get()
  @ApiOperation({
    summary:
      'List teams granted access to an organization-owned namespace of repositories (namespace admins)',
  })
  @ApiPagedResponse({ type: NamespaceTeamAccessListResponse })
  async list(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return pagedAnswer(
      response,
      await this.access.listNamespaceTeamAccess(actor, namespace),
      query,
      presentTeamGrant,
      { fields: { namespace }, list: 'teamAccessList' },
    );
  }

  @Get(':teamname')
  @ApiOperation({
    summary: "Get a team's access to an organization-owned namespace (namespace admins, the team's members)",
  })
  @ApiResponse({ status: 200, type: NamespaceTeamAccessResponse })
  async get(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('teamname') teamName: string,
  ): Promise<NamespaceTeamAccessResponse> {
    const { team, accessLevel } = await this.access.getNamespaceTeamAccess(actor, namespace, teamName);
    return { accessLevel, team: presentTeam(team), namespace };
  }

  @Put(':teamname')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({
    summary: "Set a team's access to every repository of an organization-owned namespace (namespace admins)",
  })
  @ApiResponse({ status: 200, type: NamespaceTeamAccessResponse })
  async set(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('teamname') teamName: string,
    @Body() dto: SetAccessDto,
  ): Promise<NamespaceTeamAccessResponse> {
    const { team, accessLevel } = await this.access.setNamespaceTeamAccess(
      actor,
      namespace,
      teamName,
      dto.accessLevel,
    );
    return { accessLevel, team: presentTeam(team), namespace };
  }

  @Delete(':teamname')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a team's access to an organization-owned namespace (namespace admins)" })
  async revoke(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('teamname') teamName: string,
  ): Promise<void> {
    await this.access.revokeNamespaceTeamAccess(actor, namespace, teamName);
  }
}

@ApiTags('DTR repository access')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/accounts/:orgname/teams/:teamname/repositoryAccess')
@UseGuards(AuthenticatedGuard)
export class TeamRepositoryAccessController {
  constructor(private readonly access: RepositoryAccessService) {}

  @Get()
  @ApiOperation({ summary: "List a team's repository access grants (org owners, the team's members)" })
  @ApiPagedResponse({ type: TeamRepoAccessListResponse })
  async list(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('teamname') teamName: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { team, grants } = await this.access.listTeamRepositoryAccess(actor, orgName, teamName);
    return pagedAnswer(
      response,
      grants,
      query,
      ({ repository, accessLevel }: RepositoryGrant) => ({
        accessLevel,
        repository: dtrRepository(repository),
      }),
      { fields: { team: presentTeam(team) }, list: 'repositoryAccessList' },
    );
  }
}
