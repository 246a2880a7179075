import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each namespace's account was last deleted: its activity stream stays with it (NamespaceDeletion). */
export class NamespaceDeletions1795510000000 implements MigrationInterface {
  name = 'NamespaceDeletions1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "namespace_deletions" ("namespace" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_namespace_deletions" PRIMARY KEY ("namespace"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "namespace_deletions"`);
  }
}
