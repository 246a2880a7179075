import { resolve } from 'node:path';

/**
 * Real notification requests of CNCF Distribution 2.8.2 (from the product's shared fixtures,
 * copied into the repository so tests and the benchmark run from any checkout).
 */
export const DISTRIBUTION_FIXTURES_DIR = resolve(__dirname, '../fixtures/distribution-2.8.2');
