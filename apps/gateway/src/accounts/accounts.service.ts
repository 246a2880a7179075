import { notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  AccessRepository,
  Account,
  AccountRepository,
  DatabaseTransactions,
  Listing,
  Team,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { noSuchAccount, noSuchTeam } from './account-errors';
import { CreateAccountDto, CreateTeamDto, UpdateAccountDto } from './dtos';

const invalidAccountChange = (field: string, message: string) =>
  new ApiError(400, 'INVALID_PARAMETERS', `${field}: ${message}`, { fields: [field] });

/** Users, organizations, their members and teams: what the permission model reads. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly access: AccessRepository,
    private readonly transactions: DatabaseTransactions,
    private readonly permissions: PermissionService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async create(actor: Account, dto: CreateAccountDto): Promise<Account> {
    if (!this.permissions.isSystemAdmin(actor)) throw notAuthorized('only system admins can create accounts');
    if (dto.isOrg && dto.isAdmin) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'isAdmin: an organization cannot be a system admin', {
        fields: ['isAdmin'],
      });
    }
    if (await this.accounts.existsByName(dto.name)) {
      throw new ApiError(409, 'ACCOUNT_EXISTS', `account ${dto.name} already exists`, { name: dto.name });
    }
    return this.accounts.create({
      name: dto.name,
      isOrg: dto.isOrg ?? false,
      isAdmin: dto.isAdmin ?? false,
      fullName: dto.fullName ?? '',
    });
  }

  /** System admins see every account; others themselves and the organizations they belong to. */
  async list(actor: Account): Promise<Account[]> {
    if (this.permissions.isSystemAdmin(actor)) return this.accounts.listAll();
    return [actor, ...(await this.accounts.organizationsOf(actor.id))];
  }

  /** An organization's members, owners first (org owners). */
  async listOrgMembers(
    actor: Account,
    orgName: string,
  ): Promise<Array<{ member: Account; isOwner: boolean }>> {
    const org = await this.ownedOrg(actor, orgName);
    return this.accounts.listOrgMembers(org.id);
  }

  /** A team's members (org owners). */
  async listTeamMembers(actor: Account, orgName: string, teamName: string): Promise<Account[]> {
    const org = await this.ownedOrg(actor, orgName);
    return this.accounts.listTeamMembers((await this.team(org, teamName)).id);
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
    const turnedOff = await this.transactions.run(async (transaction) => {
      if (dto.fullName !== undefined) await this.accounts.setFullName(account.id, dto.fullName, transaction);
      if (dto.isActive === true) await this.accounts.activate(account.id, transaction);
      if (dto.isActive !== false) return [];
      // Only the change from active deactivates: subscriptions an admin has turned on since stay on.
      return (await this.accounts.deactivate(account.id, transaction))
        ? this.subscriptions.deactivateAuthoredBy(account.id, transaction)
        : [];
    });
    await this.subscriptions.announce(turnedOff);
    return this.get(name);
  }

  async get(name: string): Promise<Account> {
    const account = await this.accounts.findByName(name);
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
    await this.accounts.setOrgMember(org.id, member.id, isOwner);
    return { member, isOwner };
  }

  /** Leaving an organization also leaves its teams and drops those users' grants through them. */
  async removeOrgMember(actor: Account, orgName: string, memberName: string): Promise<void> {
    const org = await this.ownedOrg(actor, orgName);
    const member = await this.get(memberName);
    if (!(await this.accounts.isOrgMember(org.id, member.id))) throw noSuchAccount(memberName);
    await this.accounts.removeOrgMember(org.id, member.id);
  }

  async createTeam(actor: Account, orgName: string, dto: CreateTeamDto): Promise<Team> {
    const org = await this.ownedOrg(actor, orgName);
    if (await this.accounts.teamExists(org.id, dto.name)) {
      throw new ApiError(409, 'TEAM_EXISTS', `team ${dto.name} already exists in ${orgName}`, {
        name: dto.name,
      });
    }
    return this.accounts.createTeam({ orgId: org.id, name: dto.name, description: dto.description ?? '' });
  }

  async listTeams(actor: Account, orgName: string): Promise<Listing<Team>> {
    const org = await this.ownedOrg(actor, orgName);
    return this.accounts.listTeams(org.id);
  }

  async team(org: Account, teamName: string): Promise<Team> {
    const team = await this.accounts.findTeam(org.id, teamName);
    if (!team) throw noSuchTeam(org.name, teamName);
    return team;
  }

  /** Adding a user to a team makes them a member of its organization, as in DTR. */
  async addTeamMember(actor: Account, orgName: string, teamName: string, memberName: string) {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    const member = await this.user(memberName);
    await this.accounts.addTeamMember(org.id, team.id, member.id);
    return member;
  }

  async removeTeamMember(actor: Account, orgName: string, teamName: string, memberName: string) {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    const member = await this.get(memberName);
    if (!(await this.accounts.removeTeamMember(team.id, member.id))) throw noSuchAccount(memberName);
  }

  /** Deleting a team also deletes its repository grants. */
  async removeTeam(actor: Account, orgName: string, teamName: string): Promise<void> {
    const org = await this.ownedOrg(actor, orgName);
    const team = await this.team(org, teamName);
    await this.transactions.run(async (transaction) => {
      await this.access.revokeAllOf('team', team.id, transaction);
      await this.accounts.deleteTeam(team.id, transaction);
    });
  }
}
