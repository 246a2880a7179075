import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the keyset order of the listings issue 18 added, and of the console's overview: the
 * activity stream of one namespace (newest first), a team's repository grants (by namespace and
 * repository; it replaces the grantee index it extends), and every API's subscriptions newest
 * first, of everything, of one namespace, or of one repository.
 */
export class ListingIndexesDtrSurface1795500000000 implements MigrationInterface {
  name = 'ListingIndexesDtrSurface1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_event_log_namespace" ON "event_log" ("namespace", "published_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_repository_access_grantee_repository" ON "repository_access" ("grantee_id", "namespace", "repository")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_repository_access_grantee_id"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_created" ON "subscriptions" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_namespace_created" ON "subscriptions" ("namespace", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_repository_created" ON "subscriptions" ("namespace", "repository", "created_at", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_repository_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_namespace_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_created"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_repository_access_grantee_id" ON "repository_access" ("grantee_id")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_repository_access_grantee_repository"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_event_log_namespace"`);
  }
}
