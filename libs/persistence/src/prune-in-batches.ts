import type { DataSource } from 'typeorm';

/** Rows per DELETE when pruning, so pruning a large backlog never holds long locks. */
export const PRUNE_BATCH = 5000;

/**
 * Runs `deleteBatch` until a batch comes out short: a statement that deletes at most PRUNE_BATCH
 * of the rows older than `cutoff` ($1) and selects how many as `deleted`. Returns the rows deleted.
 */
export async function pruneInBatches(
  dataSource: DataSource,
  deleteBatch: string,
  cutoff: Date,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ deleted }] = (await dataSource.query(deleteBatch, [cutoff])) as Array<{ deleted: number }>;
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}
