import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log's JSON columns become `json`: they are written for every attempt and only
 * read back whole, never queried inside, and `jsonb`'s conversion was about a fifth of
 * PostgreSQL's CPU per logged delivery.
 */
export class DeliveryLogJson1795436000000 implements MigrationInterface {
  name = 'DeliveryLogJson1795436000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "event" TYPE json USING "event"::json`);
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ALTER COLUMN "request_headers" TYPE json USING "request_headers"::json`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ALTER COLUMN "response_headers" TYPE json USING "response_headers"::json`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ALTER COLUMN "response_headers" TYPE jsonb USING "response_headers"::jsonb`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ALTER COLUMN "request_headers" TYPE jsonb USING "request_headers"::jsonb`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ALTER COLUMN "event" TYPE jsonb USING "event"::jsonb`);
  }
}
