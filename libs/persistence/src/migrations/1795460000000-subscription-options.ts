import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscription options (tag and repository patterns, payload format, sealed static headers) in
 * one JSON column, `{}` for existing rows; and the secret a rotation replaced, with its expiry.
 */
export class SubscriptionOptions1795460000000 implements MigrationInterface {
  name = 'SubscriptionOptions1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subscriptions" ADD "options" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "subscriptions" ADD "previous_secret" text`);
    await queryRunner.query(
      `ALTER TABLE "subscriptions" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP COLUMN "previous_secret_expires_at"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP COLUMN "previous_secret"`);
    await queryRunner.query(`ALTER TABLE "subscriptions" DROP COLUMN "options"`);
  }
}
