import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request body that several deliveries of a write share (a fan-out's) is stored once, in
 * `delivery_request_bodies`, and the rows name it (DeliveryRequestBody): in the bench, ~450 of a
 * fan-out row's ~1.2 KB and a third of its WAL. Undone, each row gets its text back.
 */
export class DeliveryRequestBodies1795560000000 implements MigrationInterface {
  name = 'DeliveryRequestBodies1795560000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_request_bodies" ("id" bytea NOT NULL, "body" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_delivery_request_bodies" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_request_bodies_used_at" ON "delivery_request_bodies" ("used_at")`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "first_request_body_id" bytea`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "deliveries" d SET "first_request_body" = b."body"
       FROM "delivery_request_bodies" b WHERE b."id" = d."first_request_body_id"`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "first_request_body_id"`);
    await queryRunner.query(`DROP TABLE "delivery_request_bodies"`);
  }
}
