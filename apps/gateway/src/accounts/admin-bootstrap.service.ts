import { generateToken, hashToken } from '@hookyard/auth';
import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Account, ApiToken } from '@hookyard/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * First start: creates the system admin from ADMIN_USERNAME. Its token is ADMIN_TOKEN, or a
 * generated one printed once (only its hash is kept). A changed ADMIN_TOKEN is added as a token.
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
    await this.dataSource.transaction(async (manager) => {
      // Two gateway replicas starting together must not both create the admin.
      await manager.query('SELECT pg_advisory_xact_lock(7434002)');
      let admin = await manager.findOneBy(Account, { name: username });
      const isNew = !admin;
      admin ??= await manager.save(
        manager.create(Account, { name: username, isAdmin: true, fullName: 'System administrator' }),
      );
      if (token) {
        const tokenHash = hashToken(token);
        if (!(await manager.existsBy(ApiToken, { tokenHash }))) {
          await manager.save(
            manager.create(ApiToken, { accountId: admin.id, tokenHash, tokenLabel: 'ADMIN_TOKEN' }),
          );
        }
      } else if (isNew) {
        const generated = generateToken();
        await manager.save(
          manager.create(ApiToken, {
            accountId: admin.id,
            tokenHash: hashToken(generated),
            tokenLabel: 'generated at first start',
          }),
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
