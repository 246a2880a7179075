import type { EventType } from '@hookyard/events';
import { AccessLevel, AccessRepository, Account, ApiToken } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import {
  AccessScope,
  administersNamespace,
  administersTarget,
  describeTarget,
  maySubscribe,
  NO_ACCESS,
  ownsNamespace,
  repositoryAccessIn,
  SubscriptionScope,
  subscriptionAccess,
  strongerAccess,
  SubscriptionTarget,
} from './access-scope';
import { notAuthorized } from './auth-errors';

/**
 * DTR's permission model, in one place for every API: system admins may do anything; a namespace
 * is owned by the user it is named after, or by the owners of the organization it is named after;
 * a repository is administered by its namespace owners, by the users and teams granted `admin`
 * on it, and by the teams granted `admin` on its whole namespace. Every answer is read from the database when asked, so access ends the moment a grant,
 * a team membership or an account does. The rules themselves are in access-scope.ts.
 */
@Injectable()
export class PermissionService {
  constructor(private readonly access: AccessRepository) {}

  /** What `account` may do now: its namespaces, organizations and grants (two queries). */
  async scopeOf(account: Account): Promise<AccessScope> {
    if (!account.isActive) return NO_ACCESS;
    const { organizations, grants } = await this.access.accessOf(account.id);
    const strongest = new Map<string, Map<string, AccessLevel>>();
    const namespaceGrants = new Map<string, AccessLevel>();
    for (const grant of grants) {
      if (grant.repository === null) {
        const level = strongerAccess(namespaceGrants.get(grant.namespace) ?? null, grant.accessLevel)!;
        namespaceGrants.set(grant.namespace, level);
        continue;
      }
      const repositories = strongest.get(grant.namespace) ?? new Map<string, AccessLevel>();
      strongest.set(grant.namespace, repositories);
      const level = strongerAccess(repositories.get(grant.repository) ?? null, grant.accessLevel)!;
      repositories.set(grant.repository, level);
    }
    return {
      systemAdmin: account.isAdmin,
      ownedNamespaces: new Set([
        ...(account.isOrg ? [] : [account.name]),
        ...organizations.filter((org) => org.isOwner).map((org) => org.name),
      ]),
      memberNamespaces: new Set(organizations.map((org) => org.name)),
      grants: strongest,
      namespaceGrants,
    };
  }

  isSystemAdmin(account: Account): boolean {
    return account.isActive && account.isAdmin;
  }

  async isNamespaceOwner(account: Account, namespace: string): Promise<boolean> {
    return ownsNamespace(await this.scopeOf(account), namespace);
  }

  /** Owner of the namespace, or in a team granted `admin` on all of it. */
  async administersNamespace(account: Account, namespace: string): Promise<boolean> {
    return administersNamespace(await this.scopeOf(account), namespace);
  }

  async isRepositoryAdmin(account: Account, namespace: string, repository: string): Promise<boolean> {
    return (await this.repositoryAccessLevel(account, namespace, repository)) === 'admin';
  }

  /** The strongest access `account` has on a repository (`admin` for its namespace owners); null without any. */
  async repositoryAccessLevel(
    account: Account,
    namespace: string,
    repository: string,
  ): Promise<AccessLevel | null> {
    return repositoryAccessIn(await this.scopeOf(account), namespace, repository);
  }

  /** May `account` administer what `target` points at (list every subscription to it)? */
  async canAdminTarget(account: Account, target: SubscriptionTarget): Promise<boolean> {
    return administersTarget(await this.scopeOf(account), target);
  }

  /** May `account` subscribe to every one of `types` on `target`? */
  async canSubscribe(
    account: Account,
    types: readonly EventType[],
    target: SubscriptionTarget,
  ): Promise<boolean> {
    return maySubscribe(await this.scopeOf(account), types, target);
  }

  /**
   * The subscription, when `account` may administer it now (see access-scope.ts); whoever made it
   * does not matter. Otherwise 403 for those who can see what it points at, and the API's own
   * `notFound` for everyone else, so an id tells nobody without access that it exists.
   */
  async administered<T extends SubscriptionScope>(
    account: Account,
    subscription: T | null,
    notFound: () => Error,
  ): Promise<T> {
    if (!subscription) throw notFound();
    const access = subscriptionAccess(await this.scopeOf(account), subscription);
    if (access === 'administer') return subscription;
    if (access === 'none') throw notFound();
    throw notAuthorized(`only admins of ${describeTarget(subscription)} may manage this subscription`);
  }

  /** May `account` manage `owner`'s API tokens? Users manage their own; system admins everyone's. */
  canManageTokensOf(account: Account, owner: Account): boolean {
    return this.isSystemAdmin(account) || account.id === owner.id;
  }

  /** A token a system admin deactivated stays off until a system admin turns it on again. */
  canReactivateToken(account: Account, token: ApiToken): boolean {
    return !token.deactivatedByAdmin || this.isSystemAdmin(account);
  }
}
