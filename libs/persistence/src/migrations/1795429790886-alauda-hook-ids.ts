import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alauda hooks have integer ids (Alauda API docs); this sequence hands them out. */
export class AlaudaHookIds1795429790886 implements MigrationInterface {
  name = 'AlaudaHookIds1795429790886';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "alauda_hook_ids"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "alauda_hook_ids"`);
  }
}
