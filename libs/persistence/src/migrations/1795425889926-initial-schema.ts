import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795425889926 implements MigrationInterface {
  name = 'InitialSchema1795425889926';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying NOT NULL, "is_org" boolean NOT NULL DEFAULT false, "is_admin" boolean NOT NULL DEFAULT false, "is_active" boolean NOT NULL DEFAULT true, "full_name" character varying NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2db43cdbf7bb862e577b5f540c8" UNIQUE ("name"), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "token_hash" character varying NOT NULL, "token_label" character varying NOT NULL DEFAULT '', "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_bbd687a104e1921e6702c6e3aad" UNIQUE ("token_hash"), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5c25c1f4973320571027bfc1c1" ON "api_tokens" ("account_id") `);
    await queryRunner.query(
      `CREATE TABLE "registry_repositories" ("namespace" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_626c1af99089a60198f01002d21" PRIMARY KEY ("namespace", "name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "subscriptions" ("id" character varying(64) NOT NULL, "api" character varying(16) NOT NULL, "event_types" text array NOT NULL, "key" text, "namespace" text, "repository" text, "endpoint" text NOT NULL, "author_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_successful_at" TIMESTAMP WITH TIME ZONE, "inactive" boolean NOT NULL DEFAULT false, "tls_cert" text NOT NULL DEFAULT '', "skip_tls_verification" boolean NOT NULL DEFAULT false, "secret" text NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "api_fields" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_a87248d73155605cf782be9ee5e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a2d6c9f0e444f6b6030a83246a" ON "subscriptions" ("namespace", "repository") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a2d6c9f0e444f6b6030a83246a"`);
    await queryRunner.query(`DROP TABLE "subscriptions"`);
    await queryRunner.query(`DROP TABLE "registry_repositories"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c25c1f4973320571027bfc1c1"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
  }
}
