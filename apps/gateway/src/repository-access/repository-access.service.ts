import { notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  AccessLevel,
  AccessRepository,
  AccountRepository,
  Account,
  GrantKey,
  Listing,
  RegistryRepositoryRepository,
  RepositoryGrant,
  RepositoryRecord,
  Team,
  TeamGrant,
  UserGrant,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { noSuchTeam } from '../accounts/account-errors';
import { AccountsService } from '../accounts/accounts.service';
import { noSuchRepository } from '../repositories/repository-errors';

const noGrant = (namespace: string, repository: string, grantee: string) =>
  new ApiError(404, 'NO_SUCH_ACCESS', `${grantee} has no access to ${namespace}/${repository}`, {
    grantee,
  });
const noNamespaceGrant = (namespace: string, team: string) =>
  new ApiError(404, 'NO_SUCH_ACCESS', `team ${team} has no access to the namespace ${namespace}`, {
    grantee: team,
  });
const notAnOrganization = (namespace: string) =>
  new ApiError(400, 'INVALID_PARAMETERS', `${namespace} is a user; only organizations have teams`, {
    namespace,
  });

/** Repository access grants to teams and users, managed by the namespace's owners. */
@Injectable()
export class RepositoryAccessService {
  constructor(
    private readonly grants: AccessRepository,
    private readonly accounts: AccountsService,
    private readonly permissions: PermissionService,
    private readonly repositories: RegistryRepositoryRepository,
    private readonly accountRepository: AccountRepository,
  ) {}

  /** Grants are on repositories that exist (DTR); 404 naming it otherwise. */
  private async existing(namespace: string, repository: string): Promise<RepositoryRecord> {
    const found = await this.repositories.findByName({ namespace, name: repository });
    if (!found) throw noSuchRepository(namespace, repository);
    return found;
  }

  /** The namespace's account, after checking `actor` owns it. */
  private async ownedNamespace(actor: Account, namespace: string): Promise<Account> {
    const owner = await this.accounts.get(namespace);
    if (!(await this.permissions.isNamespaceOwner(actor, namespace))) {
      throw notAuthorized(`only owners of ${namespace} can manage access to its repositories`);
    }
    return owner;
  }

  /** Teams belong to organizations, so only organization-owned repositories take team grants (DTR). */
  private async orgTeam(actor: Account, namespace: string, teamName: string): Promise<Team> {
    const owner = await this.ownedNamespace(actor, namespace);
    if (!owner.isOrg) throw notAnOrganization(namespace);
    return this.accounts.team(owner, teamName);
  }

  /**
   * The organization `namespace`, after checking `actor` administers the whole namespace (its
   * owners and teams with `admin` on it, as DTR's repositoryNamespaces teamAccess requires).
   */
  private async administeredOrganization(actor: Account, namespace: string): Promise<Account> {
    const org = await this.accounts.get(namespace);
    if (!(await this.permissions.administersNamespace(actor, namespace))) {
      throw notAuthorized(`only admins of the namespace ${namespace} can manage its team access`);
    }
    if (!org.isOrg) throw notAnOrganization(namespace);
    return org;
  }

  async setNamespaceTeamAccess(actor: Account, namespace: string, teamName: string, level: AccessLevel) {
    const team = await this.accounts.team(await this.administeredOrganization(actor, namespace), teamName);
    await this.grants.grantNamespace({ namespace, teamId: team.id, accessLevel: level });
    return { team, accessLevel: level };
  }

  async revokeNamespaceTeamAccess(actor: Account, namespace: string, teamName: string): Promise<void> {
    const team = await this.accounts.team(await this.administeredOrganization(actor, namespace), teamName);
    if (!(await this.grants.revokeNamespace(namespace, team.id))) throw noNamespaceGrant(namespace, teamName);
  }

  /** The teams granted access to an organization's namespace, by name, for the namespace's admins. */
  async listNamespaceTeamAccess(actor: Account, namespace: string): Promise<Listing<TeamGrant>> {
    await this.administeredOrganization(actor, namespace);
    return this.grants.listNamespaceGrants(namespace);
  }

  /** One team's grant on the namespace: for its admins and for the team's own members. */
  async getNamespaceTeamAccess(actor: Account, namespace: string, teamName: string) {
    const team = await this.teamReadBy(
      actor,
      namespace,
      teamName,
      await this.permissions.administersNamespace(actor, namespace),
      `only admins of the namespace ${namespace} and members of ${teamName} can see this`,
    );
    const grant = await this.grants.findNamespaceGrant(namespace, team.id);
    if (!grant) throw noNamespaceGrant(namespace, teamName);
    return { team, accessLevel: grant.accessLevel };
  }

  /** A team's repository grants: for the organization's owners and the team's own members. */
  async listTeamRepositoryAccess(
    actor: Account,
    orgName: string,
    teamName: string,
  ): Promise<{ team: Team; grants: Listing<RepositoryGrant> }> {
    const team = await this.teamReadBy(
      actor,
      orgName,
      teamName,
      await this.permissions.isNamespaceOwner(actor, orgName),
      `only owners of ${orgName} and members of ${teamName} can see this`,
    );
    return { team, grants: this.grants.listTeamRepositoryGrants(team.id) };
  }

  /**
   * The team `teamName` of the organization `orgName`, for a `privileged` caller and the team's own
   * members. Everyone else gets 403 (`refusal`) whether the team exists or not, so that its name
   * tells them nothing; the privileged get 404 NO_SUCH_TEAM for one that does not.
   */
  private async teamReadBy(
    actor: Account,
    orgName: string,
    teamName: string,
    privileged: boolean,
    refusal: string,
  ): Promise<Team> {
    const org = await this.accounts.get(orgName);
    if (!org.isOrg) throw notAnOrganization(orgName);
    const team = await this.accountRepository.findTeam(org.id, teamName);
    const member =
      team !== null && actor.isActive && (await this.accountRepository.isTeamMember(team.id, actor.id));
    if (!privileged && !member) throw notAuthorized(refusal);
    if (!team) throw noSuchTeam(org.name, teamName);
    return team;
  }

  async setTeamAccess(
    actor: Account,
    namespace: string,
    repository: string,
    teamName: string,
    level: AccessLevel,
  ) {
    const team = await this.orgTeam(actor, namespace, teamName);
    await this.existing(namespace, repository);
    await this.grants.grant({
      namespace,
      repository,
      granteeKind: 'team',
      granteeId: team.id,
      accessLevel: level,
    });
    return { team, accessLevel: level };
  }

  async revokeTeamAccess(actor: Account, namespace: string, repository: string, teamName: string) {
    const team = await this.orgTeam(actor, namespace, teamName);
    await this.existing(namespace, repository);
    await this.revoke({ namespace, repository, granteeKind: 'team', granteeId: team.id }, teamName);
  }

  /** The teams granted access to the repository, by name, for the namespace's owners. */
  async listTeamAccess(
    actor: Account,
    namespace: string,
    repository: string,
  ): Promise<{ repository: RepositoryRecord; grants: Listing<TeamGrant> }> {
    await this.ownedNamespace(actor, namespace);
    const record = await this.existing(namespace, repository);
    return { repository: record, grants: this.grants.listTeamGrants(namespace, repository) };
  }

  /** The users granted access to the repository, by name, for the namespace's owners. */
  async listUserAccess(
    actor: Account,
    namespace: string,
    repository: string,
  ): Promise<{ repository: RepositoryRecord; grants: Listing<UserGrant> }> {
    await this.ownedNamespace(actor, namespace);
    const record = await this.existing(namespace, repository);
    return { repository: record, grants: this.grants.listUserGrants(namespace, repository) };
  }

  /** A user's effective access (DTR "check a user's access"), for the user, namespace owners and admins. */
  async checkUserAccess(actor: Account, userName: string, namespace: string, repository: string) {
    const user = await this.accounts.user(userName);
    if (actor.id !== user.id && !(await this.permissions.isNamespaceOwner(actor, namespace))) {
      throw notAuthorized(`only ${userName} and owners of ${namespace} can check this access`);
    }
    const accessLevel = await this.permissions.repositoryAccessLevel(user, namespace, repository);
    if (!accessLevel) throw noGrant(namespace, repository, userName);
    return { user, accessLevel };
  }

  async setUserAccess(
    actor: Account,
    namespace: string,
    repository: string,
    userName: string,
    level: AccessLevel,
  ) {
    await this.ownedNamespace(actor, namespace);
    const user = await this.accounts.user(userName);
    await this.existing(namespace, repository);
    await this.grants.grant({
      namespace,
      repository,
      granteeKind: 'user',
      granteeId: user.id,
      accessLevel: level,
    });
    return { user, accessLevel: level };
  }

  async revokeUserAccess(actor: Account, namespace: string, repository: string, userName: string) {
    await this.ownedNamespace(actor, namespace);
    const user = await this.accounts.get(userName);
    await this.existing(namespace, repository);
    await this.revoke({ namespace, repository, granteeKind: 'user', granteeId: user.id }, userName);
  }

  /** Removes one grant; 404 naming the grantee when there was none. */
  private async revoke(grant: GrantKey, grantee: string): Promise<void> {
    if (!(await this.grants.revoke(grant))) throw noGrant(grant.namespace, grant.repository, grantee);
  }
}
