import { generateToken, hashToken } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Account, ApiToken } from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';

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
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { username, token } = this.config.admin;
    const revoked = await this.dataSource.transaction(async (manager) => {
      // Two gateway replicas starting together must not both create the admin.
      await manager.query('SELECT pg_advisory_xact_lock(7434002)');
      let admin = await manager.findOneBy(Account, { name: username });
      const isNew = !admin;
      admin ??= await manager.save(
        manager.create(Account, { name: username, isAdmin: true, fullName: 'System administrator' }),
      );
      if (token) return this.installBootstrapToken(manager, admin, hashToken(token), 'ADMIN_TOKEN');
      if (!isNew) return 0;
      const generated = generateToken();
      const replaced = await this.installBootstrapToken(
        manager,
        admin,
        hashToken(generated),
        'generated at first start',
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
    manager: EntityManager,
    admin: Account,
    tokenHash: string,
    tokenLabel: string,
  ): Promise<number> {
    const existing = await manager.findOneBy(ApiToken, { tokenHash });
    if (existing && existing.accountId !== admin.id) {
      throw new Error('ADMIN_TOKEN is already an API token of another account: choose another one');
    }
    if (!existing) {
      await manager.save(
        manager.create(ApiToken, { accountId: admin.id, tokenHash, tokenLabel, isBootstrap: true }),
      );
    } else if (!existing.isBootstrap) {
      await manager.update(ApiToken, existing.id, { isBootstrap: true });
    }
    const { affected } = await manager.delete(ApiToken, { isBootstrap: true, tokenHash: Not(tokenHash) });
    return affected ?? 0;
  }
}
