import { openMigratedDataSource } from '@hookyard/persistence';
import type { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-database';

export interface MigratedDatabase {
  database: TestDatabase;
  /** Connected, every migration run. */
  dataSource: DataSource;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/** A fresh test database with Hookyard's schema, for specs of SQL against the real PostgreSQL. */
export async function createMigratedDatabase(): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  const dataSource = await openMigratedDataSource(database.url);
  return {
    database,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
