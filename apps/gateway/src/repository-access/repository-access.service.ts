import { notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  AccessLevel,
  AccessRepository,
  Account,
  AccountRepository,
  GrantKey,
  Team,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';

const noGrant = (namespace: string, repository: string, grantee: string) =>
  new ApiError(404, 'NO_SUCH_ACCESS', `${grantee} has no access to ${namespace}/${repository}`, {
    grantee,
  });

/** Repository access grants to teams and users, managed by the namespace's owners. */
@Injectable()
export class RepositoryAccessService {
  constructor(
    private readonly grants: AccessRepository,
    private readonly accountRepository: AccountRepository,
    private readonly accounts: AccountsService,
    private readonly permissions: PermissionService,
  ) {}

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
    if (!owner.isOrg) {
      throw new ApiError(400, 'INVALID_PARAMETERS', `${namespace} is a user; only organizations have teams`, {
        namespace,
      });
    }
    return this.accounts.team(owner, teamName);
  }

  async setTeamAccess(
    actor: Account,
    namespace: string,
    repository: string,
    teamName: string,
    level: AccessLevel,
  ) {
    const team = await this.orgTeam(actor, namespace, teamName);
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
    await this.revoke({ namespace, repository, granteeKind: 'team', granteeId: team.id }, teamName);
  }

  async listTeamAccess(actor: Account, namespace: string, repository: string) {
    await this.ownedNamespace(actor, namespace);
    const grants = await this.grants.listGrants(namespace, repository, 'team');
    const teams = new Map(
      (await this.accountRepository.findTeamsByIds(grants.map((grant) => grant.granteeId))).map((t) => [
        t.id,
        t,
      ]),
    );
    return grants
      .filter((grant) => teams.has(grant.granteeId))
      .map((grant) => ({ team: teams.get(grant.granteeId)!, accessLevel: grant.accessLevel }));
  }

  async listUserAccess(actor: Account, namespace: string, repository: string) {
    await this.ownedNamespace(actor, namespace);
    const grants = await this.grants.listGrants(namespace, repository, 'user');
    const users = new Map(
      (await this.accountRepository.findByIds(grants.map((grant) => grant.granteeId))).map((u) => [u.id, u]),
    );
    return grants
      .filter((grant) => users.has(grant.granteeId))
      .map((grant) => ({ user: users.get(grant.granteeId)!, accessLevel: grant.accessLevel }));
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
    await this.revoke({ namespace, repository, granteeKind: 'user', granteeId: user.id }, userName);
  }

  /** Removes one grant; 404 naming the grantee when there was none. */
  private async revoke(grant: GrantKey, grantee: string): Promise<void> {
    if (!(await this.grants.revoke(grant))) throw noGrant(grant.namespace, grant.repository, grantee);
  }
}
