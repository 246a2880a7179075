import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Repositories become DTR repository objects: an id and DTR's settings; `announced` marks those
 * whose REPO_CREATED is in the event stream (every repository seen before this migration). A
 * repository granted before but never pushed becomes one too, as grants now need a repository.
 */
export class RepositoryObjects1795472000000 implements MigrationInterface {
  name = 'RepositoryObjects1795472000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "registry_repositories"
         ADD "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         ADD "short_description" text NOT NULL DEFAULT '',
         ADD "long_description" text NOT NULL DEFAULT '',
         ADD "visibility" character varying(8) NOT NULL DEFAULT 'private',
         ADD "scan_on_push" boolean NOT NULL DEFAULT false,
         ADD "immutable_tags" boolean NOT NULL DEFAULT false,
         ADD "enable_manifest_lists" boolean NOT NULL DEFAULT false,
         ADD "tag_limit" integer NOT NULL DEFAULT 0,
         ADD "pulls" integer NOT NULL DEFAULT 0,
         ADD "pushes" integer NOT NULL DEFAULT 0,
         ADD "announced" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_registry_repositories_id" ON "registry_repositories" ("id") `,
    );
    await queryRunner.query(
      `INSERT INTO "registry_repositories" ("namespace", "name")
       SELECT DISTINCT "namespace", "repository" FROM "repository_access"
       ON CONFLICT DO NOTHING`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_registry_repositories_id"`);
    await queryRunner.query(
      `ALTER TABLE "registry_repositories" DROP COLUMN "id", DROP COLUMN "short_description",
         DROP COLUMN "long_description", DROP COLUMN "visibility", DROP COLUMN "scan_on_push",
         DROP COLUMN "immutable_tags", DROP COLUMN "enable_manifest_lists", DROP COLUMN "tag_limit",
         DROP COLUMN "pulls", DROP COLUMN "pushes", DROP COLUMN "announced"`,
    );
  }
}
