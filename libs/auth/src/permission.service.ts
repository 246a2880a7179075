import { EVENT_TYPE_RULES, EventType } from '@hookyard/events';
import { Account } from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';

/** Where a subscription points: a namespace, one repository in it, or everything (no key). */
export interface SubscriptionTarget {
  namespace: string | null;
  repository: string | null;
}

/**
 * The permission model of seed 001, in one place for every API: system admins may do anything;
 * namespace owners manage their namespace; repository admins manage their repository.
 */
@Injectable()
export class PermissionService {
  isSystemAdmin(account: Account): boolean {
    return account.isAdmin;
  }

  /** A user owns the namespace named after them. */
  async isNamespaceOwner(account: Account, namespace: string): Promise<boolean> {
    return account.isAdmin || account.name === namespace;
  }

  async isRepositoryAdmin(account: Account, namespace: string, _repository: string): Promise<boolean> {
    return this.isNamespaceOwner(account, namespace);
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
}
