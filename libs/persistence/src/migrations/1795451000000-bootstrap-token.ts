import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks the admin token the gateway makes from its configuration (ADMIN_TOKEN, or the one generated
 * at first start), so that a changed ADMIN_TOKEN replaces it instead of adding a token. The tokens
 * earlier starts made are recognised by their labels on admin accounts, so the next start with a
 * changed ADMIN_TOKEN revokes every one of them.
 */
export class BootstrapToken1795451000000 implements MigrationInterface {
  name = 'BootstrapToken1795451000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD "is_bootstrap" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE "api_tokens" t SET "is_bootstrap" = true FROM "accounts" a
       WHERE a."id" = t."account_id" AND a."is_admin"
         AND t."token_label" IN ('ADMIN_TOKEN', 'generated at first start')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "is_bootstrap"`);
  }
}
