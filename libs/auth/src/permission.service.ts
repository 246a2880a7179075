import { EVENT_TYPE_RULES, EventType } from '@hookyard/events';
import {
  ACCESS_LEVELS,
  AccessLevel,
  Account,
  OrganizationMember,
  RepositoryAccess,
  TeamMember,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

/** Where a subscription points: a namespace, one repository in it, or everything (no key). */
export interface SubscriptionTarget {
  namespace: string | null;
  repository: string | null;
}

/**
 * Everything an account administers, for listing in one query: every target (system admins), or
 * the namespaces it owns and the repositories (`namespace/repository`) it is an admin of.
 */
export type AdministeredScope =
  { everything: true } | { everything: false; namespaces: string[]; repositories: string[] };

/** Does `scope` administer `target`? The same answer as PermissionService.canAdminTarget, without queries. */
export function scopeCovers(scope: AdministeredScope, target: SubscriptionTarget): boolean {
  if (scope.everything) return true;
  if (target.namespace === null) return false;
  if (scope.namespaces.includes(target.namespace)) return true;
  return (
    target.repository !== null && scope.repositories.includes(`${target.namespace}/${target.repository}`)
  );
}

/**
 * The permission model of seed 001, in one place for every API: system admins may do anything;
 * a namespace is owned by the user it is named after, or by the owners of the organization it
 * is named after; a repository is administered by its namespace owners and by the users and
 * teams granted `admin` access on it.
 */
@Injectable()
export class PermissionService {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(OrganizationMember) private readonly orgMembers: Repository<OrganizationMember>,
    @InjectRepository(TeamMember) private readonly teamMembers: Repository<TeamMember>,
    @InjectRepository(RepositoryAccess) private readonly grants: Repository<RepositoryAccess>,
  ) {}

  isSystemAdmin(account: Account): boolean {
    return account.isAdmin;
  }

  async isNamespaceOwner(account: Account, namespace: string): Promise<boolean> {
    if (account.isAdmin || account.name === namespace) return true;
    const org = await this.accounts.findOneBy({ name: namespace, isOrg: true });
    if (!org) return false;
    return this.orgMembers.existsBy({ orgId: org.id, memberId: account.id, isOwner: true });
  }

  async isRepositoryAdmin(account: Account, namespace: string, repository: string): Promise<boolean> {
    return (await this.repositoryAccessLevel(account, namespace, repository)) === 'admin';
  }

  /**
   * The strongest access `account` has on a repository: `admin` for its namespace owners, otherwise
   * the best of the grants to the user and to their teams; null without any.
   */
  async repositoryAccessLevel(
    account: Account,
    namespace: string,
    repository: string,
  ): Promise<AccessLevel | null> {
    if (await this.isNamespaceOwner(account, namespace)) return 'admin';
    const teamIds = (await this.teamMembers.findBy({ memberId: account.id })).map((m) => m.teamId);
    const grants = await this.grants.findBy([
      { namespace, repository, granteeKind: 'user', granteeId: account.id },
      ...(teamIds.length
        ? [{ namespace, repository, granteeKind: 'team' as const, granteeId: In(teamIds) }]
        : []),
    ]);
    const best = Math.max(-1, ...grants.map((grant) => ACCESS_LEVELS.indexOf(grant.accessLevel)));
    return best < 0 ? null : ACCESS_LEVELS[best];
  }

  /** May `account` administer what `target` points at (subscribe to it, see and delete its subscriptions)? */
  async canAdminTarget(account: Account, target: SubscriptionTarget): Promise<boolean> {
    if (account.isAdmin) return true;
    if (target.namespace === null) return false;
    if (target.repository === null) return this.isNamespaceOwner(account, target.namespace);
    return this.isRepositoryAdmin(account, target.namespace, target.repository);
  }

  /** May `account` see and manage one subscription (its delivery log, redeliveries)? Its author, or an admin of its target. */
  async canManageSubscription(
    account: Account,
    subscription: SubscriptionTarget & { authorId: string },
  ): Promise<boolean> {
    return subscription.authorId === account.id || this.canAdminTarget(account, subscription);
  }

  /** May `account` subscribe to `type` events of `target`? */
  async canSubscribe(account: Account, type: EventType, target: SubscriptionTarget): Promise<boolean> {
    if (account.isAdmin) return true;
    const { access } = EVENT_TYPE_RULES[type];
    if (access === 'system-admin' || target.namespace === null) return false;
    if (access === 'namespace-owner') return this.isNamespaceOwner(account, target.namespace);
    return this.canAdminTarget(account, target);
  }

  /** May `account` read a subscription's signing secret? Its author or a system admin. */
  canReadSecret(account: Account, subscription: { authorId: string }): boolean {
    return account.isAdmin || subscription.authorId === account.id;
  }

  /** What `account` administers (see canAdminTarget), in three queries. */
  async administeredScope(account: Account): Promise<AdministeredScope> {
    if (account.isAdmin) return { everything: true };
    const ownedOrgIds = (await this.orgMembers.findBy({ memberId: account.id, isOwner: true })).map(
      (membership) => membership.orgId,
    );
    const ownedOrgs = ownedOrgIds.length
      ? await this.accounts.findBy({ id: In(ownedOrgIds), isOrg: true })
      : [];
    const namespaces = [account.name, ...ownedOrgs.map((org) => org.name)];
    const teamIds = (await this.teamMembers.findBy({ memberId: account.id })).map((m) => m.teamId);
    const grants = await this.grants.findBy([
      { granteeKind: 'user', granteeId: account.id, accessLevel: 'admin' },
      ...(teamIds.length
        ? [{ granteeKind: 'team' as const, granteeId: In(teamIds), accessLevel: 'admin' as const }]
        : []),
    ]);
    const repositories = [...new Set(grants.map((grant) => `${grant.namespace}/${grant.repository}`))];
    return { everything: false, namespaces, repositories };
  }

  /** May `account` manage `owner`'s API tokens? Users manage their own; system admins everyone's. */
  canManageTokensOf(account: Account, owner: Account): boolean {
    return account.isAdmin || account.id === owner.id;
  }
}
