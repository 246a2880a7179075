import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK_ID = 7_434_001;

/**
 * Applies pending migrations; returns the names of those it ran. Every app calls this at start,
 * so they run in one transaction holding a transaction-level advisory lock: apps starting together
 * wait for the first, then find nothing pending. A transaction-level lock, unlike a session one,
 * works through a pooler in transaction mode (PgBouncer), which may hand each statement outside a
 * transaction to another server connection; it is released by the commit or rollback, even when
 * the app dies mid-migration.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: 1 } });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    const executor = new MigrationExecutor(dataSource, runner);
    // 'all' on a runner already in a transaction: every migration runs in ours, under the lock.
    executor.transaction = 'all';
    const ran = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return ran.map((migration) => migration.name);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

/** A connected DataSource on a database the migrations brought up to date (for scripts and specs). */
export async function openMigratedDataSource(databaseUrl: string, poolSize = 2): Promise<DataSource> {
  await runMigrations(databaseUrl);
  return new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: poolSize } }).initialize();
}
