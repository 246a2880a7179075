import { MigrationInterface, QueryRunner } from 'typeorm';

/** The activity stream: every accepted event, with an index per listing filter. */
export class EventLog1795471000000 implements MigrationInterface {
  name = 'EventLog1795471000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_log" ("id" text NOT NULL, "type" text NOT NULL, "namespace" text, "repository" text, "actor" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event" json NOT NULL, CONSTRAINT "PK_event_log" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_event_log_published" ON "event_log" ("published_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_event_log_repository" ON "event_log" ("namespace", "repository", "published_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_log_type" ON "event_log" ("type", "published_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_event_log_actor" ON "event_log" ("actor", "published_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_log"`);
  }
}
