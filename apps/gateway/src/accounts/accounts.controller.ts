import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
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
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, listingAnswer } from '../paging/listing-answer';
import { PageQuery } from '../paging/page-query';
import {
  AccountResponse,
  OrgMemberResponse,
  presentAccount,
  presentTeam,
  TeamMemberResponse,
  TeamResponse,
} from './account.presenter';
import { AccountsService } from './accounts.service';
import { CreateAccountDto, CreateTeamDto, SetOrgMembershipDto, UpdateAccountDto } from './dtos';

@ApiTags('DTR accounts')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/accounts')
@UseGuards(AuthenticatedGuard)
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Create a user or an organization (system admins)' })
  @ApiResponse({ status: 201, type: AccountResponse })
  async create(@CurrentAccount() actor: Account, @Body() dto: CreateAccountDto): Promise<AccountResponse> {
    return presentAccount(await this.accounts.create(actor, dto));
  }

  @Get()
  @ApiOperation({
    summary:
      'List accounts: every user and organization for system admins, yourself and your organizations otherwise',
  })
  @ApiResponse({ status: 200, type: AccountResponse, isArray: true })
  async list(@CurrentAccount() actor: Account): Promise<AccountResponse[]> {
    return (await this.accounts.list(actor)).map(presentAccount);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a user or an organization' })
  @ApiResponse({ status: 200, type: AccountResponse })
  async get(@Param('name') name: string): Promise<AccountResponse> {
    return presentAccount(await this.accounts.get(name));
  }

  @Get(':orgname/members')
  @ApiOperation({ summary: "List an organization's members, owners first (org owners)" })
  @ApiResponse({ status: 200, type: OrgMemberResponse, isArray: true })
  async listMembers(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
  ): Promise<OrgMemberResponse[]> {
    return (await this.accounts.listOrgMembers(actor, orgName)).map(({ member, isOwner }) => ({
      member: presentAccount(member),
      isAdmin: isOwner,
    }));
  }

  @Patch(':name')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: "Change a user's full name or deactivate / reactivate it (system admins)" })
  @ApiResponse({ status: 200, type: AccountResponse })
  async update(
    @CurrentAccount() actor: Account,
    @Param('name') name: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponse> {
    return presentAccount(await this.accounts.update(actor, name, dto));
  }

  @Put(':orgname/members/:member')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Add a user to an organization or change whether they own it (org owners)' })
  @ApiResponse({ status: 200, type: OrgMemberResponse })
  async setMember(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('member') memberName: string,
    @Body() dto: SetOrgMembershipDto,
  ): Promise<OrgMemberResponse> {
    const { member, isOwner } = await this.accounts.setOrgMember(actor, orgName, memberName, !!dto.isAdmin);
    return { member: presentAccount(member), isAdmin: isOwner };
  }

  @Delete(':orgname/members/:member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from an organization and its teams (org owners)' })
  async removeMember(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('member') memberName: string,
  ): Promise<void> {
    await this.accounts.removeOrgMember(actor, orgName, memberName);
  }

  @Get(':orgname/teams')
  @ApiOperation({ summary: "List an organization's teams (org owners)" })
  @ApiPagedResponse({ type: TeamResponse, isArray: true })
  async listTeams(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return listingAnswer(response, await this.accounts.listTeams(actor, orgName), query, presentTeam);
  }

  @Post(':orgname/teams')
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Create a team in an organization (org owners)' })
  @ApiResponse({ status: 201, type: TeamResponse })
  async createTeam(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Body() dto: CreateTeamDto,
  ): Promise<TeamResponse> {
    return presentTeam(await this.accounts.createTeam(actor, orgName, dto));
  }

  @Delete(':orgname/teams/:team')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team and its repository access (org owners)' })
  async removeTeam(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('team') teamName: string,
  ): Promise<void> {
    await this.accounts.removeTeam(actor, orgName, teamName);
  }

  @Get(':orgname/teams/:team/members')
  @ApiOperation({ summary: "List a team's members (org owners)" })
  @ApiResponse({ status: 200, type: TeamMemberResponse, isArray: true })
  async listTeamMembers(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('team') teamName: string,
  ): Promise<TeamMemberResponse[]> {
    return (await this.accounts.listTeamMembers(actor, orgName, teamName)).map((member) => ({
      member: presentAccount(member),
    }));
  }

  @Put(':orgname/teams/:team/members/:member')
  @ApiOperation({ summary: 'Add a user to a team (and its organization) (org owners)' })
  @ApiResponse({ status: 200, type: TeamMemberResponse })
  async addTeamMember(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('team') teamName: string,
    @Param('member') memberName: string,
  ): Promise<TeamMemberResponse> {
    return {
      member: presentAccount(await this.accounts.addTeamMember(actor, orgName, teamName, memberName)),
    };
  }

  @Delete(':orgname/teams/:team/members/:member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a team (org owners)' })
  async removeTeamMember(
    @CurrentAccount() actor: Account,
    @Param('orgname') orgName: string,
    @Param('team') teamName: string,
    @Param('member') memberName: string,
  ): Promise<void> {
    await this.accounts.removeTeamMember(actor, orgName, teamName, memberName);
  }
}
