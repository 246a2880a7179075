import { MigrationInterface, QueryRunner } from 'typeorm';

const FIRST_ATTEMPT_COLUMNS = [
  ['first_attempt_at', 'created_at'],
  ['first_request_headers', 'request_headers'],
  ['first_request_body', 'request_body'],
  ['first_response_status', 'response_status'],
  ['first_response_headers', 'response_headers'],
  ['first_response_body', 'response_body'],
  ['first_duration_ms', 'duration_ms'],
  ['first_error', 'error'],
] as const;

/**
 * One row per delivery: its first attempt moves into the delivery's row (most deliveries have no
 * other attempt), and the event from `delivery_events` onto one of its deliveries (the latest
 * updated, which pruning removes last), so that logging a first-attempt success writes one row.
 */
export class DeliveryOneRow1795490000000 implements MigrationInterface {
  name = 'DeliveryOneRow1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD "event" json, ADD "first_attempt_at" TIMESTAMP WITH TIME ZONE,
         ADD "first_request_headers" json, ADD "first_request_body" text, ADD "first_response_status" integer,
         ADD "first_response_headers" json, ADD "first_response_body" text, ADD "first_duration_ms" integer,
         ADD "first_error" text`,
    );
    await queryRunner.query(
      `UPDATE "deliveries" d SET ${FIRST_ATTEMPT_COLUMNS.map(([to, from]) => `"${to}" = a."${from}"`).join(', ')}
       FROM "delivery_attempts" a WHERE a."delivery_id" = d."id" AND a."attempt_number" = 1`,
    );
    await queryRunner.query(
      `DELETE FROM "delivery_attempts" a USING "deliveries" d
       WHERE a."delivery_id" = d."id" AND a."attempt_number" = 1`,
    );
    await queryRunner.query(
      `UPDATE "deliveries" d SET "event" = e."event"
       FROM (SELECT DISTINCT ON ("event_id") "id", "event_id" FROM "deliveries"
             ORDER BY "event_id", "updated_at" DESC, "id") carrier
       JOIN "delivery_events" e ON e."id" = carrier."event_id"
       WHERE d."id" = carrier."id"`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_event_carrier" ON "deliveries" ("event_id") WHERE event IS NOT NULL`,
    );
    await queryRunner.query(`DROP TABLE "delivery_events"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_events" ("id" text NOT NULL, "type" text NOT NULL, "event" json NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_delivery_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "delivery_events" ("id", "type", "event", "created_at")
       SELECT DISTINCT ON ("event_id") "event_id", "event_type", "event", "created_at"
       FROM "deliveries" WHERE "event" IS NOT NULL ORDER BY "event_id", "created_at"`,
    );
    await queryRunner.query(
      `INSERT INTO "delivery_attempts" ("delivery_id", "attempt_number", ${FIRST_ATTEMPT_COLUMNS.map(([, from]) => `"${from}"`).join(', ')})
       SELECT "id", 1, ${FIRST_ATTEMPT_COLUMNS.map(([to]) => `"${to}"`).join(', ')}
       FROM "deliveries" WHERE "first_attempt_at" IS NOT NULL
       ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(`DROP INDEX "IDX_deliveries_event_carrier"`);
    await queryRunner.query(
      `ALTER TABLE "deliveries" DROP COLUMN "event", ${FIRST_ATTEMPT_COLUMNS.map(([to]) => `DROP COLUMN "${to}"`).join(', ')}`,
    );
  }
}
