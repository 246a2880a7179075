import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The author index gains `inactive`: the per-account cap counts an author's active subscriptions
 * on every create (SUBSCRIPTIONS_PER_ACCOUNT) without reading their inactive ones; the author's
 * other reads use its first column as before.
 */
export class SubscriptionsAuthorActive1795540000000 implements MigrationInterface {
  name = 'SubscriptionsAuthorActive1795540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_subscriptions_author_inactive" ON "subscriptions" ("author_id", "inactive") `,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_author_id"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_subscriptions_author_id" ON "subscriptions" ("author_id") `);
    await queryRunner.query(`DROP INDEX "public"."IDX_subscriptions_author_inactive"`);
  }
}
