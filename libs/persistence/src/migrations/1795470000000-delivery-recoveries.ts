import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recoveries of failed deliveries and the messages each sends again; at most one per webhook
 * queuing at a time (a partial unique index).
 */
export class DeliveryRecoveries1795470000000 implements MigrationInterface {
  name = 'DeliveryRecoveries1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_recoveries" ("id" uuid NOT NULL, "subscription_id" character varying(64) NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL, "requested_by" uuid NOT NULL, "total" integer NOT NULL, "truncated" boolean NOT NULL, "state" character varying(16) NOT NULL, "stopped_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_delivery_recoveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_delivery_recoveries_queuing" ON "delivery_recoveries" ("subscription_id") WHERE "state" = 'queuing'`,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_recovery_items" ("recovery_id" uuid NOT NULL, "position" integer NOT NULL, "delivery_id" uuid NOT NULL, "event_id" text NOT NULL, "event_type" text NOT NULL, "webhook_id" text NOT NULL, "redelivery_id" uuid, CONSTRAINT "PK_delivery_recovery_items" PRIMARY KEY ("recovery_id", "position"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_recovery_items" ADD CONSTRAINT "FK_delivery_recovery_items_recovery" FOREIGN KEY ("recovery_id") REFERENCES "delivery_recoveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "delivery_recovery_items"`);
    await queryRunner.query(`DROP TABLE "delivery_recoveries"`);
  }
}
