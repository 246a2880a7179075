import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryLog1795430979298 implements MigrationInterface {
  name = 'DeliveryLog1795430979298';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deliveries" ("id" uuid NOT NULL, "event_id" text NOT NULL, "subscription_id" character varying(64) NOT NULL, "event_type" text NOT NULL, "webhook_id" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "request_body" text NOT NULL DEFAULT '', "last_response_status" integer, "event" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a84a602213849f23849aa980cd" ON "deliveries" ("updated_at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_6b9acfaa348aaf589c0d9c30a2" ON "deliveries" ("subscription_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "delivery_attempts" ("delivery_id" uuid NOT NULL, "attempt_number" integer NOT NULL, "request_headers" jsonb NOT NULL, "request_body" text NOT NULL, "response_status" integer, "response_headers" jsonb, "response_body" text, "duration_ms" integer NOT NULL, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4084d3cde31b14a10da92157afa" PRIMARY KEY ("delivery_id", "attempt_number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ADD CONSTRAINT "FK_a9d7e7212c87084249a641ab455" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" DROP CONSTRAINT "FK_a9d7e7212c87084249a641ab455"`,
    );
    await queryRunner.query(`DROP TABLE "delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b9acfaa348aaf589c0d9c30a2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a84a602213849f23849aa980cd"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
  }
}
