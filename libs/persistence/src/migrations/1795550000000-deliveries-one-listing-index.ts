import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subscription's whole delivery log is read through the status index, one range per status
 * (DeliveryLogRepository.listDeliveries), so its own index goes: one index entry fewer for every delivery logged.
 */
export class DeliveriesOneListingIndex1795550000000 implements MigrationInterface {
  name = 'DeliveriesOneListingIndex1795550000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_subscription_created"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_subscription_created" ON "deliveries" ("subscription_id", "created_at", "id")`,
    );
  }
}
