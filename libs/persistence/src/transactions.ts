import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A database transaction in progress, handed by DatabaseTransactions to a service so it can pass
 * it to several repository methods. Only repositories look inside it.
 */
export class Transaction {
  constructor(readonly manager: EntityManager) {}
}

/** Where a repository method runs: in the caller's transaction, or on its own. */
export function managerFor(dataSource: DataSource, transaction: Transaction | undefined): EntityManager {
  return transaction?.manager ?? dataSource.manager;
}

/** Runs work that spans several repositories in one transaction. */
@Injectable()
export class DatabaseTransactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Commits when `work` resolves, rolls back when it throws. */
  run<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new Transaction(manager)));
  }

  /**
   * As `run`, one at a time across every process: holds the PostgreSQL advisory lock `lockKey`
   * until the transaction ends.
   */
  runExclusively<T>(lockKey: number, work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
      return work(new Transaction(manager));
    });
  }
}
