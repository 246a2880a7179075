import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { RegistryRepositoryRepository } from './registry-repository.repository';

/** Seen registry repositories against the real PostgreSQL with the migrations' schema. */
describe('RegistryRepositoryRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let repositories: RegistryRepositoryRepository;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    repositories = new RegistryRepositoryRepository(dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('adds repositories once, whatever was there, and tells which exist', async () => {
    const api = { namespace: 'acme', name: 'team/api' };
    expect(await repositories.exists(api)).toBe(false);
    await repositories.addMissing([api]);
    const [{ created_at: first }] = await dataSource.query(`SELECT created_at FROM registry_repositories`);
    await repositories.addMissing([api, { namespace: 'acme', name: 'web' }]);
    expect(await repositories.exists(api)).toBe(true);
    expect(await repositories.exists({ namespace: 'acme', name: 'web' })).toBe(true);
    expect(await repositories.exists({ namespace: 'team', name: 'api' })).toBe(false);
    expect(
      await dataSource.query(`SELECT namespace, name, created_at FROM registry_repositories ORDER BY name`),
    ).toEqual([
      { namespace: 'acme', name: 'team/api', created_at: first },
      { namespace: 'acme', name: 'web', created_at: expect.any(Date) },
    ]);
  });

  it('deletes one repository, and only that one', async () => {
    await repositories.addMissing([
      { namespace: 'gone', name: 'api' },
      { namespace: 'gone', name: 'web' },
    ]);
    await repositories.delete({ namespace: 'gone', name: 'api' });
    expect(await repositories.exists({ namespace: 'gone', name: 'api' })).toBe(false);
    expect(await repositories.exists({ namespace: 'gone', name: 'web' })).toBe(true);
  });
});
