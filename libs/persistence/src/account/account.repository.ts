import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { managerFor, Transaction } from '../transactions';
import { Account } from './account.entity';
import { OrganizationMember } from './organization-member.entity';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';

export type NewAccount = Pick<Account, 'name'> & Partial<Pick<Account, 'isOrg' | 'isAdmin' | 'fullName'>>;
export type NewTeam = Pick<Team, 'orgId' | 'name' | 'description'>;

/** Users and organizations, organization members, teams and their members. */
@Injectable()
export class AccountRepository {
  private readonly accounts: Repository<Account>;
  private readonly orgMembers: Repository<OrganizationMember>;
  private readonly teams: Repository<Team>;
  private readonly teamMembers: Repository<TeamMember>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.accounts = dataSource.getRepository(Account);
    this.orgMembers = dataSource.getRepository(OrganizationMember);
    this.teams = dataSource.getRepository(Team);
    this.teamMembers = dataSource.getRepository(TeamMember);
  }

  create(account: NewAccount, transaction?: Transaction): Promise<Account> {
    const manager = managerFor(this.dataSource, transaction);
    return manager.save(manager.create(Account, account));
  }

  existsByName(name: string): Promise<boolean> {
    return this.accounts.existsBy({ name });
  }

  findByName(name: string, transaction?: Transaction): Promise<Account | null> {
    return managerFor(this.dataSource, transaction).findOneBy(Account, { name });
  }

  findById(id: string): Promise<Account | null> {
    return this.accounts.findOneBy({ id });
  }

  /** The account, unless it is gone or deactivated. */
  findActiveById(id: string): Promise<Account | null> {
    return this.accounts.findOneBy({ id, isActive: true });
  }

  findByIds(ids: string[]): Promise<Account[]> {
    return this.accounts.findBy({ id: In(ids) });
  }

  /** Every user and organization, by name. */
  listAll(): Promise<Account[]> {
    return this.accounts.find({ order: { name: 'ASC' } });
  }

  /** The organizations `memberId` belongs to, by name. */
  organizationsOf(memberId: string): Promise<Account[]> {
    return this.accounts
      .createQueryBuilder('org')
      .innerJoin(OrganizationMember, 'm', 'm.org_id = org.id AND m.member_id = :memberId', { memberId })
      .where('org.is_org')
      .orderBy('org.name', 'ASC')
      .getMany();
  }

  /** An organization's members, owners first, then by name. */
  async listOrgMembers(orgId: string): Promise<Array<{ member: Account; isOwner: boolean }>> {
    const rows = await this.accounts
      .createQueryBuilder('member')
      .innerJoin(OrganizationMember, 'm', 'm.member_id = member.id AND m.org_id = :orgId', { orgId })
      .addSelect('m.is_owner', 'is_owner')
      .orderBy('m.is_owner', 'DESC')
      .addOrderBy('member.name', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((member, index) => ({ member, isOwner: Boolean(rows.raw[index].is_owner) }));
  }

  /** A team's members by name. */
  listTeamMembers(teamId: string): Promise<Account[]> {
    return this.accounts
      .createQueryBuilder('member')
      .innerJoin(TeamMember, 't', 't.member_id = member.id AND t.team_id = :teamId', { teamId })
      .orderBy('member.name', 'ASC')
      .getMany();
  }

  async setFullName(id: string, fullName: string, transaction?: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).update(Account, { id }, { fullName });
  }

  /** Lets the account sign in again (what it had turned off stays off). */
  async activate(id: string, transaction?: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).update(Account, { id }, { isActive: true });
  }

  /** Turns an active account off; false when it was off already (so nothing else follows twice). */
  async deactivate(id: string, transaction?: Transaction): Promise<boolean> {
    const { affected } = await managerFor(this.dataSource, transaction).update(
      Account,
      { id, isActive: true },
      { isActive: false },
    );
    return Boolean(affected);
  }

  /** Adds a member to an organization, or changes whether it is an owner. */
  async setOrgMember(orgId: string, memberId: string, isOwner: boolean): Promise<void> {
    await this.orgMembers.save(this.orgMembers.create({ orgId, memberId, isOwner }));
  }

  isOrgMember(orgId: string, memberId: string): Promise<boolean> {
    return this.orgMembers.existsBy({ orgId, memberId });
  }

  /** Takes the member out of the organization and out of every team of it. */
  async removeOrgMember(orgId: string, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `DELETE FROM team_members
          WHERE member_id = $2 AND team_id IN (SELECT id FROM teams WHERE org_id = $1)`,
        [orgId, memberId],
      );
      await manager.delete(OrganizationMember, { orgId, memberId });
    });
  }

  teamExists(orgId: string, name: string): Promise<boolean> {
    return this.teams.existsBy({ orgId, name });
  }

  createTeam(team: NewTeam): Promise<Team> {
    return this.teams.save(this.teams.create(team));
  }

  /** An organization's teams by name. */
  listTeams(orgId: string): Promise<Team[]> {
    return this.teams.find({ where: { orgId }, order: { name: 'ASC' } });
  }

  findTeam(orgId: string, name: string): Promise<Team | null> {
    return this.teams.findOneBy({ orgId, name });
  }

  findTeamsByIds(ids: string[]): Promise<Team[]> {
    return this.teams.findBy({ id: In(ids) });
  }

  /** Adds a user to a team, and to the team's organization when not a member yet (as a member, not an owner). */
  async addTeamMember(orgId: string, teamId: string, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(OrganizationMember, { orgId, memberId }))) {
        await manager.insert(OrganizationMember, { orgId, memberId, isOwner: false });
      }
      await manager.upsert(TeamMember, { teamId, memberId }, ['teamId', 'memberId']);
    });
  }

  /** False when the user was not in the team. */
  async removeTeamMember(teamId: string, memberId: string): Promise<boolean> {
    const { affected } = await this.teamMembers.delete({ teamId, memberId });
    return Boolean(affected);
  }

  /** Deletes a team and its memberships, in the caller's transaction (its grants go with it there). */
  async deleteTeam(teamId: string, transaction: Transaction): Promise<void> {
    const manager = managerFor(this.dataSource, transaction);
    await manager.delete(TeamMember, { teamId });
    await manager.delete(Team, { id: teamId });
  }
}
