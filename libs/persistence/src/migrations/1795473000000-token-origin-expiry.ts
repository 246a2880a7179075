import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DTR's `generatedBy` and `expiresAt` of API tokens. Tokens made before are taken as their owners'
 * own (the gateway's bootstrap tokens as ADMIN_TOKEN's), and never expire.
 */
export class TokenOriginExpiry1795473000000 implements MigrationInterface {
  name = 'TokenOriginExpiry1795473000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD "generated_by" text NOT NULL DEFAULT '', ADD "expires_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `UPDATE "api_tokens" t SET "generated_by" = CASE WHEN t."is_bootstrap" THEN 'ADMIN_TOKEN' ELSE a."name" END
         FROM "accounts" a WHERE a."id" = t."account_id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "generated_by", DROP COLUMN "expires_at"`);
  }
}
