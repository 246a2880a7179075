import { notAuthorized, PermissionService } from '@hookyard/auth';
import { ApiError } from '@hookyard/http';
import {
  AccessRepository,
  Account,
  AccountRepository,
  ApiTokenRepository,
  DatabaseTransactions,
  EventLogRepository,
} from '@hookyard/persistence';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { RepositoriesService } from '../repositories/repositories.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

/**
 * DELETE /api/v0/accounts/{namespace}: a system admin deletes a user or an organization, in one
 * transaction, with all it holds (DTR: "along with all repositories"): the repositories of its
 * namespace (REPO_DELETED each), the grants within it and the subscriptions pointing into it; its
 * tokens, memberships and the grants to it; an organization's teams and their grants. The
 * subscriptions it made elsewhere belong to what they point at and stay, turned off
 * (`author-deleted`) until an admin of that turns them on. The namespace's activity stream stays
 * for system admins until EVENT_LOG_RETENTION; whoever is given the name next does not read it.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly accountRows: AccountRepository,
    private readonly access: AccessRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly repositories: RepositoriesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly transactions: DatabaseTransactions,
    private readonly permissions: PermissionService,
    private readonly eventLog: EventLogRepository,
  ) {}

  async remove(actor: Account, name: string): Promise<void> {
    if (!this.permissions.isSystemAdmin(actor)) throw notAuthorized('only system admins can delete accounts');
    const account = await this.accounts.get(name);
    if (account.id === actor.id) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'name: you cannot delete your own account', {
        fields: ['name'],
      });
    }
    const changed = await this.transactions.run(async (transaction) => {
      const deleted = await this.repositories.removeNamespace(actor, account.name, transaction);
      // After its repositories' REPO_DELETED were published: those are the old account's too.
      await this.eventLog.closeNamespace(account.name, new Date(), transaction);
      await this.tokens.deleteAllOf(account.id, transaction);
      await this.access.revokeAllOf('user', account.id, transaction);
      if (account.isOrg) await this.access.revokeTeamsOf(account.id, transaction);
      const turnedOff = await this.subscriptions.deactivateAuthoredBy(
        account.id,
        transaction,
        'author-deleted',
      );
      await this.accountRows.deleteAccount(account.id, transaction);
      return { ...deleted, subscriptionIds: [...deleted.subscriptionIds, ...turnedOff] };
    });
    await this.repositories.announceRemoved(changed);
  }
}
