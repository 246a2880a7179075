import { notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import { Account, OrganizationMember, RepositoryAccess, Team, TeamMember } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { CreateAccountDto, CreateTeamDto, UpdateAccountDto } from './dtos';

export const noSuchAccount = (name: string) =>
  new ApiError(404, 'NO_SUCH_ACCOUNT', `account ${name} does not exist`, { name });
const noSuchTeam = (org: string, name: string) =>
  new ApiError(404, 'NO_SUCH_TEAM', `team ${name} does not exist in ${org}`, { org, name });

const invalidAccountChange = (field: string, message: string) =>
  new ApiError(400, 'INVALID_PARAMETERS', `${field}: ${message}`, { fields: [field] });

/** Users, organizations, their members and teams: what the permission model reads. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(OrganizationMember) private readonly orgMembers: Repository<OrganizationMember>,
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(TeamMember) private readonly teamMembers: Repository<TeamMember>,
    private readonly permissions: PermissionService,
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async create(actor: Account, dto: CreateAccountDto): Promise<Account> {
    if (!this.permissions.isSystemAdmin(actor)) throw notAuthorized('only system admins can create accounts');
    if (dto.isOrg && dto.isAdmin) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'isAdmin: an organization cannot be a system admin', {
        fields: ['isAdmin'],
      });
    }
    if (await this.accounts.existsBy({ name: dto.name })) {
      throw new ApiError(409, 'ACCOUNT_EXISTS', `account ${dto.name} already exists`, { name: dto.name });
    }
    return this.accounts.save(
      this.accounts.create({
        name: dto.name,
        isOrg: dto.isOrg ?? false,
        isAdmin: dto.isAdmin ?? false,
        fullName: dto.fullName ?? '',
      }),
    );
  }

  /** System admins see every account; others themselves and the organizations they belong to. */
  async list(actor: Account): Promise<Account[]> {
    if (this.permissions.isSystemAdmin(actor)) return this.accounts.find({ order: { name: 'ASC' } });
    const orgIds = (await this.orgMembers.findBy({ memberId: actor.id })).map((m) => m.orgId);
    const orgs = orgIds.length
      ? await this.accounts.find({ where: { id: In(orgIds) }, order: { name: 'ASC' } })
      : [];
    return [actor, ...orgs];
  }

  /** An organization's members, owners first (org owners). */
  async listOrgMembers(
    actor: Account,
    orgName: string,
  ): Promise<Array<{ member: Account; isOwner: boolean }>> {
    const org = await this.ownedOrg(actor, orgName);
    const memberships = await this.orgMembers.findBy({ orgId: org.id });
    const members = await this.accountsById(memberships.map((m) => m.memberId));
    return memberships
      .filter((membership) => members.has(membership.memberId))
      .map((membership) => ({ member: members.get(membership.memberId)!, isOwner: membership.isOwner }))
      .sort((a, b) => Number(b.isOwner) - Number(a.isOwner) || a.member.name.localeCompare(b.member.name));
  }

  /** A team's members (org owners). */
  async listTeamMembers(actor: Account, orgName: string, teamName: string): Promise<Account[]> {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    const memberIds = (await this.teamMembers.findBy({ teamId: team.id })).map((m) => m.memberId);
    return [...(await this.accountsById(memberIds)).values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async accountsById(ids: string[]): Promise<Map<string, Account>> {
    const accounts = ids.length ? await this.accounts.findBy({ id: In(ids) }) : [];
    return new Map(accounts.map((account) => [account.id, account]));
  }

  /**
   * A system admin changes a user. Deactivating it (its tokens stop authenticating at once, see
   * AuthService) also turns off the subscriptions it made, in the same transaction; reactivating
   * leaves them off: an admin of what each points at turns it on again.
   */
  async update(actor: Account, name: string, dto: UpdateAccountDto): Promise<Account> {
    if (!this.permissions.isSystemAdmin(actor)) throw notAuthorized('only system admins can change accounts');
    const account = await this.get(name);
    if (dto.isActive !== undefined && account.isOrg) {
      throw invalidAccountChange('isActive', `${name} is an organization; only users are deactivated`);
    }
    if (dto.isActive === false && account.id === actor.id) {
      throw invalidAccountChange('isActive', 'you cannot deactivate your own account');
    }
    const turnedOff = await this.dataSource.transaction(async (manager) => {
      if (dto.fullName !== undefined)
        await manager.update(Account, { id: account.id }, { fullName: dto.fullName });
      if (dto.isActive === true) await manager.update(Account, { id: account.id }, { isActive: true });
      if (dto.isActive !== false) return [];
      // Only the change from active deactivates: subscriptions an admin has turned on since stay on.
      const { affected } = await manager.update(
        Account,
        { id: account.id, isActive: true },
        { isActive: false },
      );
      return affected ? this.subscriptions.deactivateAuthoredBy(manager, account.id) : [];
    });
    await this.subscriptions.announce(turnedOff);
    return this.get(name);
  }

  async get(name: string): Promise<Account> {
    const account = await this.accounts.findOneBy({ name });
    if (!account) throw noSuchAccount(name);
    return account;
  }

  async user(name: string): Promise<Account> {
    const account = await this.get(name);
    if (account.isOrg) {
      throw new ApiError(400, 'INVALID_PARAMETERS', `${name} is an organization, not a user`, { name });
    }
    return account;
  }

  /** The organization `orgName`, after checking `actor` owns it. */
  async ownedOrg(actor: Account, orgName: string): Promise<Account> {
    const org = await this.get(orgName);
    if (!org.isOrg) throw noSuchAccount(orgName);
    if (!(await this.permissions.isNamespaceOwner(actor, orgName))) {
      throw notAuthorized(`only owners of ${orgName} can manage its members and teams`);
    }
    return org;
  }

  async setOrgMember(actor: Account, orgName: string, memberName: string, isOwner: boolean) {
    const org = await this.ownedOrg(actor, orgName);
    const member = await this.user(memberName);
    await this.orgMembers.save({ orgId: org.id, memberId: member.id, isOwner });
    return { member, isOwner };
  }

  /** Leaving an organization also leaves its teams and drops those users' grants through them. */
  async removeOrgMember(actor: Account, orgName: string, memberName: string): Promise<void> {
    const org = await this.ownedOrg(actor, orgName);
    const member = await this.get(memberName);
    const membership = await this.orgMembers.findOneBy({ orgId: org.id, memberId: member.id });
    if (!membership) throw noSuchAccount(memberName);
    await this.dataSource.transaction(async (manager) => {
      const teamIds = (await manager.findBy(Team, { orgId: org.id })).map((team) => team.id);
      for (const teamId of teamIds) await manager.delete(TeamMember, { teamId, memberId: member.id });
      await manager.delete(OrganizationMember, { orgId: org.id, memberId: member.id });
    });
  }

  async createTeam(actor: Account, orgName: string, dto: CreateTeamDto): Promise<Team> {
    const org = await this.ownedOrg(actor, orgName);
    if (await this.teams.existsBy({ orgId: org.id, name: dto.name })) {
      throw new ApiError(409, 'TEAM_EXISTS', `team ${dto.name} already exists in ${orgName}`, {
        name: dto.name,
      });
    }
    return this.teams.save(
      this.teams.create({ orgId: org.id, name: dto.name, description: dto.description ?? '' }),
    );
  }

  async listTeams(actor: Account, orgName: string): Promise<Team[]> {
    const org = await this.ownedOrg(actor, orgName);
    return this.teams.find({ where: { orgId: org.id }, order: { name: 'ASC' } });
  }

  async team(org: Account, teamName: string): Promise<Team> {
    const team = await this.teams.findOneBy({ orgId: org.id, name: teamName });
    if (!team) throw noSuchTeam(org.name, teamName);
    return team;
  }

  /** Adding a user to a team makes them a member of its organization, as in DTR. */
  async addTeamMember(actor: Account, orgName: string, teamName: string, memberName: string) {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    const member = await this.user(memberName);
    await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(OrganizationMember, { orgId: org.id, memberId: member.id }))) {
        await manager.insert(OrganizationMember, { orgId: org.id, memberId: member.id, isOwner: false });
      }
      await manager.upsert(TeamMember, { teamId: team.id, memberId: member.id }, ['teamId', 'memberId']);
    });
    return member;
  }

  async removeTeamMember(actor: Account, orgName: string, teamName: string, memberName: string) {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    const member = await this.get(memberName);
    const { affected } = await this.teamMembers.delete({ teamId: team.id, memberId: member.id });
    if (!affected) throw noSuchAccount(memberName);
  }

  /** Deleting a team also deletes its repository grants. */
  async removeTeam(actor: Account, orgName: string, teamName: string): Promise<void> {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(RepositoryAccess, { granteeKind: 'team', granteeId: team.id });
      await manager.delete(TeamMember, { teamId: team.id });
      await manager.delete(Team, { id: team.id });
    });
  }
}
