import { generateToken, hashToken } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { AccountRepository, ApiTokenRepository, DatabaseTransactions } from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/** Two gateway replicas starting together must not both create the admin. */
const ADMIN_BOOTSTRAP_LOCK = 7434002;

/**
 * First start: creates the system admin from ADMIN_USERNAME. Its token is ADMIN_TOKEN, or a
 * generated one printed once (only its hash is kept). A changed ADMIN_TOKEN is added as a token.
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
    await this.transactions.runExclusively(ADMIN_BOOTSTRAP_LOCK, async (transaction) => {
      let admin = await this.accounts.findByName(username, transaction);
      const isNew = !admin;
      admin ??= await this.accounts.create(
        { name: username, isAdmin: true, fullName: 'System administrator' },
        transaction,
      );
      if (token) {
        const tokenHash = hashToken(token);
        if (!(await this.tokens.existsWithHash(tokenHash, transaction))) {
          await this.tokens.create(
            { accountId: admin.id, tokenHash, tokenLabel: 'ADMIN_TOKEN' },
            transaction,
          );
        }
      } else if (isNew) {
        const generated = generateToken();
        await this.tokens.create(
          { accountId: admin.id, tokenHash: hashToken(generated), tokenLabel: 'generated at first start' },
          transaction,
        );
        // Printed straight to stdout, once: it is never stored in clear and not sent to the log pipeline.
        process.stdout.write(
          `\n  Hookyard admin account "${username}" created. Its API token (shown once):\n\n    ${generated}\n\n`,
        );
      }
    });
    this.logger.log(`admin account "${username}" ready`);
  }
}
