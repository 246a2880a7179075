import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each repository name was last deleted: its activity stream stays with it (RepositoryDeletion). */
export class RepositoryDeletions1795520000000 implements MigrationInterface {
  name = 'RepositoryDeletions1795520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "repository_deletions" ("namespace" text NOT NULL, "name" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_repository_deletions" PRIMARY KEY ("namespace", "name"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "repository_deletions"`);
  }
}
