import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log stores each event once (`delivery_events`) instead of on every delivery of a
 * fan-out, drops `deliveries.request_body` (the body sent is in each attempt) and the attempts'
 * foreign key: together about a third of PostgreSQL's CPU per logged delivery in an insert test.
 */
export class DeliveryEvents1795440000000 implements MigrationInterface {
  name = 'DeliveryEvents1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_events" ("id" text NOT NULL, "type" text NOT NULL, "event" json NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_delivery_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "delivery_events" ("id", "type", "event", "created_at")
       SELECT DISTINCT ON ("event_id") "event_id", "event_type", "event", "created_at"
       FROM "deliveries" ORDER BY "event_id", "created_at"`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "event", DROP COLUMN "request_body"`);
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" DROP CONSTRAINT "FK_a9d7e7212c87084249a641ab455"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD "request_body" text NOT NULL DEFAULT '', ADD "event" json NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `UPDATE "deliveries" d SET "event" = e."event" FROM "delivery_events" e WHERE e."id" = d."event_id"`,
    );
    await queryRunner.query(
      `UPDATE "deliveries" d SET "request_body" = a."request_body"
       FROM (SELECT DISTINCT ON ("delivery_id") "delivery_id", "request_body" FROM "delivery_attempts"
             ORDER BY "delivery_id", "attempt_number" DESC) a
       WHERE a."delivery_id" = d."id"`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "event" DROP DEFAULT`);
    await queryRunner.query(
      `DELETE FROM "delivery_attempts" a WHERE NOT EXISTS (SELECT 1 FROM "deliveries" d WHERE d."id" = a."delivery_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ADD CONSTRAINT "FK_a9d7e7212c87084249a641ab455" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`DROP TABLE "delivery_events"`);
  }
}
