import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access follows current permission: why a subscription is inactive (`inactive_reason`; rows
 * already inactive get `unknown`), which tokens a system admin turned off, and indexes for reading
 * one account's grants and one author's subscriptions.
 */
export class AccessState1795450000000 implements MigrationInterface {
  name = 'AccessState1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subscriptions" ADD "inactive_reason" character varying(32)`);
    await queryRunner.query(`UPDATE "subscriptions" SET "inactive_reason" = 'unknown' WHERE "inactive"`);
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD "deactivated_by_admin" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_subscriptions_author_id" ON "subscriptions" ("author_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_repository_access_grantee_id" ON "repository_access" ("grantee_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_repository_access_grantee_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_author_id"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "deactivated_by_admin"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP COLUMN "inactive_reason"`);
  }
}
