import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { ACCESS_LEVELS, Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { AccountResponse, presentAccount, presentTeam, TeamResponse } from '../accounts/account.presenter';
import { SetAccessDto } from './dtos';
import { RepositoryAccessService } from './repository-access.service';

class TeamAccessResponse {
  @ApiProperty({ enum: ACCESS_LEVELS }) accessLevel: string;
  @ApiProperty({ type: TeamResponse }) team: TeamResponse;
}

class RepositoryRef {
  @ApiProperty() namespace: string;
  @ApiProperty() name: string;
}

class RepoTeamAccessListResponse {
  @ApiProperty({ type: RepositoryRef }) repository: RepositoryRef;
  @ApiProperty({ type: TeamAccessResponse, isArray: true }) teamAccessList: TeamAccessResponse[];
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
  @ApiResponse({ status: 200, type: RepoTeamAccessListResponse })
  async listTeamAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
  ): Promise<RepoTeamAccessListResponse> {
    const grants = await this.access.listTeamAccess(actor, namespace, repository);
    return {
      repository: { namespace, name: repository },
      teamAccessList: grants.map(({ team, accessLevel }) => ({ accessLevel, team: presentTeam(team) })),
    };
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
  @ApiResponse({ status: 200, type: RepoUserAccessListResponse })
  async listUserAccess(
    @CurrentAccount() actor: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
  ): Promise<RepoUserAccessListResponse> {
    const grants = await this.access.listUserAccess(actor, namespace, repository);
    return {
      repository: { namespace, name: repository },
      userAccessList: grants.map(({ user, accessLevel }) => ({ accessLevel, user: presentAccount(user) })),
    };
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
