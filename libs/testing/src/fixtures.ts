import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Real notification requests of CNCF Distribution 2.8.2 (from the product's shared fixtures,
 * copied into the repository so tests and the benchmark run from any checkout).
 */
export const DISTRIBUTION_FIXTURES_DIR = resolve(__dirname, '../fixtures/distribution-2.8.2');

/** Distribution 3 envelopes (`events.v2+json`), built from its `notifications/` sources. */
export const DISTRIBUTION_3_FIXTURES_DIR = resolve(__dirname, '../fixtures/distribution-3');

/** Harbor webhook payloads, `default/` and `cloudevents/`, built from its `src/pkg/notifier/` sources. */
export const HARBOR_FIXTURES_DIR = resolve(__dirname, '../fixtures/harbor');

/** One captured request: its Content-Type and JSON body (see fixtures/README.md). */
export interface FixtureRequest<T = Record<string, unknown>> {
  contentType: string;
  body: T;
}

export function readFixture<T = Record<string, unknown>>(dir: string, name: string): FixtureRequest<T> {
  return JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as FixtureRequest<T>;
}
