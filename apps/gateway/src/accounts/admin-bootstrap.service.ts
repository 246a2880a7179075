import { generateToken, hashToken } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  Account,
  AccountRepository,
  ApiTokenRepository,
  DatabaseTransactions,
  Transaction,
} from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/** Two gateway replicas starting together must not both create the admin. */
const ADMIN_BOOTSTRAP_LOCK = 7434002;

/**
 * Every start: the system admin ADMIN_USERNAME exists and its bootstrap token is ADMIN_TOKEN, or,
 * when the account is new and ADMIN_TOKEN unset, a generated one printed once (only hashes are
 * kept). There is one bootstrap token: the one it replaces (an earlier ADMIN_TOKEN, or the token
 * generated at first start) is revoked, so changing ADMIN_TOKEN is how a leaked one is retired.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly accounts: AccountRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly transactions: DatabaseTransactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { username, token } = this.config.admin;
    const revoked = await this.transactions.runExclusively(ADMIN_BOOTSTRAP_LOCK, async (transaction) => {
      let admin = await this.accounts.findByName(username, transaction);
      const isNew = !admin;
      admin ??= await this.accounts.create(
        { name: username, isAdmin: true, fullName: 'System administrator' },
        transaction,
      );
      if (token) return this.installBootstrapToken(admin, hashToken(token), 'ADMIN_TOKEN', transaction);
      if (!isNew) return 0;
      const generated = generateToken();
      const replaced = await this.installBootstrapToken(
        admin,
        hashToken(generated),
        'generated at first start',
        transaction,
      );
      // Printed straight to stdout, once: it is never stored in clear and not sent to the log pipeline.
      process.stdout.write(
        `\n  Hookyard admin account "${username}" created. Its API token (shown once):\n\n    ${generated}\n\n`,
      );
      return replaced;
    });
    if (revoked > 0) this.logger.log(`revoked ${revoked} earlier admin bootstrap token(s)`);
    this.logger.log(`admin account "${username}" ready`);
  }

  /** Makes `tokenHash` the bootstrap token and deletes any other; returns how many it deleted. */
  private async installBootstrapToken(
    admin: Account,
    tokenHash: string,
    tokenLabel: string,
    transaction: Transaction,
  ): Promise<number> {
    const existing = await this.tokens.findByHash(tokenHash, transaction);
    if (existing && existing.accountId !== admin.id) {
      throw new Error('ADMIN_TOKEN is already an API token of another account: choose another one');
    }
    if (!existing) {
      await this.tokens.create(
        { accountId: admin.id, tokenHash, tokenLabel, isBootstrap: true, generatedBy: 'ADMIN_TOKEN' },
        transaction,
      );
    } else if (!existing.isBootstrap) {
      await this.tokens.markBootstrap(existing.id, transaction);
    }
    return this.tokens.deleteBootstrapTokensExcept(tokenHash, transaction);
  }
}
