import { MigrationInterface, QueryRunner } from 'typeorm';

/** Team grants on a whole namespace of repositories (DTR's repositoryNamespaces teamAccess). */
export class NamespaceAccess1795470500000 implements MigrationInterface {
  name = 'NamespaceAccess1795470500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "namespace_access" ("namespace" text NOT NULL, "team_id" uuid NOT NULL, "access_level" character varying(16) NOT NULL, CONSTRAINT "PK_namespace_access" PRIMARY KEY ("namespace", "team_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_namespace_access_team_id" ON "namespace_access" ("team_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "namespace_access"`);
  }
}
