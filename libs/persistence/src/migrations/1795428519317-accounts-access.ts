import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsAccess1795428519317 implements MigrationInterface {
  name = 'AccountsAccess1795428519317';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organization_members" ("org_id" uuid NOT NULL, "member_id" uuid NOT NULL, "is_owner" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_d74a4d9c65b7c9683e91dc9af93" PRIMARY KEY ("org_id", "member_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b3bd68a2e36210a883b174dea1" ON "organization_members" ("member_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "repository_access" ("namespace" text NOT NULL, "repository" text NOT NULL, "grantee_kind" character varying(8) NOT NULL, "grantee_id" uuid NOT NULL, "access_level" character varying(16) NOT NULL, CONSTRAINT "PK_ce73d00611f2cb7b8ef9e6ade2d" PRIMARY KEY ("namespace", "repository", "grantee_kind", "grantee_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "team_members" ("team_id" uuid NOT NULL, "member_id" uuid NOT NULL, CONSTRAINT "PK_3bd1f5c198d0b5c15d775691457" PRIMARY KEY ("team_id", "member_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3c531250af4b2d54e871bb3077" ON "team_members" ("member_id") `);
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_8811ea6855a4496e61c4fe39510" UNIQUE ("org_id", "name"), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3c531250af4b2d54e871bb3077"`);
    await queryRunner.query(`DROP TABLE "team_members"`);
    await queryRunner.query(`DROP TABLE "repository_access"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b3bd68a2e36210a883b174dea1"`);
    await queryRunner.query(`DROP TABLE "organization_members"`);
  }
}
