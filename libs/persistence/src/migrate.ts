import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK_ID = 7_434_001;

/**
 * Applies pending migrations; returns the names of those it ran. Every app calls this at start,
 * so an advisory lock keeps apps starting together from running the same migration twice.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: 2 } });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** A connected DataSource on a database the migrations brought up to date (for scripts and specs). */
export async function openMigratedDataSource(databaseUrl: string, poolSize = 2): Promise<DataSource> {
  await runMigrations(databaseUrl);
  return new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: poolSize } }).initialize();
}
