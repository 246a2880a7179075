import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every listing reads a page through an index in its keyset order (created_at, then id):
 * subscriptions of one API, of one namespace of it, or of one repository (or a namespace as a
 * whole) of it, and a subscription's delivery log with or without a status. They replace the
 * two-column indexes they extend. Alauda's hook ids and subject types are read through
 * expression indexes on its rows.
 */
export class ListingIndexes1795480000000 implements MigrationInterface {
  name = 'ListingIndexes1795480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_api_created" ON "subscriptions" ("api", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_api_namespace_created" ON "subscriptions" ("api", "namespace", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_api_repository_created" ON "subscriptions" ("api", "namespace", "repository", "created_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_a2d6c9f0e444f6b6030a83246a"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_alauda_hook_id" ON "subscriptions" (("api_fields" ->> 'id')) WHERE "api" = 'alauda'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_alauda_subject_type" ON "subscriptions" (("api_fields" ->> 'subject_type'), "created_at", "id") WHERE "api" = 'alauda'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_subscription_created" ON "deliveries" ("subscription_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_subscription_status_created" ON "deliveries" ("subscription_id", "status", "created_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_6b9acfaa348aaf589c0d9c30a2"`);
    await queryRunner.query(`CREATE INDEX "IDX_api_tokens_created" ON "api_tokens" ("created_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_api_tokens_account_created" ON "api_tokens" ("account_id", "created_at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_5c25c1f4973320571027bfc1c1"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_5c25c1f4973320571027bfc1c1" ON "api_tokens" ("account_id")`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_tokens_account_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_tokens_created"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_6b9acfaa348aaf589c0d9c30a2" ON "deliveries" ("subscription_id", "created_at")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_subscription_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_subscription_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_alauda_subject_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_alauda_hook_id"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_a2d6c9f0e444f6b6030a83246a" ON "subscriptions" ("namespace", "repository")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_api_repository_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_api_namespace_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_api_created"`);
  }
}
