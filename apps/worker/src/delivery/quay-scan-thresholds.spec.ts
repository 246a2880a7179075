import { Account, openMigratedDataSource, Subscription } from '@hookyard/persistence';
import { createTestDatabase, TestDatabase } from '@hookyard/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { QuayScanThresholds } from './quay-scan-thresholds';

/** The repository threshold's SQL against the real PostgreSQL. */
describe('QuayScanThresholds', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let author: Account;

  const notify = (repository: string, event: string, eventConfig: unknown, api = 'quay') =>
    dataSource.getRepository(Subscription).save({
      id: randomBytes(32).toString('hex'),
      api,
      eventTypes: ['SCAN_COMPLETED'],
      key: `acme/${repository}`,
      namespace: 'acme',
      repository,
      endpoint: 'https://example.com/hook',
      authorId: author.id,
      secret: 'whsec_x',
      apiFields: { uuid: randomUUID(), event, method: 'webhook', config: {}, eventConfig, title: null },
    } as unknown as Subscription);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openMigratedDataSource(database.url);
    author = await dataSource.getRepository(Account).save({ name: 'tess' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it("starts at Critical and is lowered by any of the repository's vulnerability_found priorities", async () => {
    const thresholds = new QuayScanThresholds(dataSource.getRepository(Subscription));
    expect(await thresholds.forRepository('acme', 'api')).toBe('Critical');

    await notify('api', 'vulnerability_found', { vulnerability: { priority: 'Critical' } });
    await notify('api', 'vulnerability_found', { vulnerability: { priority: 'Medium' } });
    await notify('api', 'vulnerability_found', { vulnerability: 'Low' });
    await notify('api', 'repo_push', { vulnerability: { priority: 'Low' } });
    await notify('web', 'vulnerability_found', { vulnerability: { priority: 'Low' } });
    await notify('api', 'vulnerability_found', { vulnerability: { priority: 'Low' } }, 'dtr');

    // Read once and reused until a subscription change clears it.
    expect(await thresholds.forRepository('acme', 'api')).toBe('Critical');
    thresholds.clear();
    expect(await thresholds.forRepository('acme', 'api')).toBe('Medium');
    expect(await thresholds.forRepository('acme', 'web')).toBe('Low');
    expect(await thresholds.forRepository('acme', 'none')).toBe('Critical');
  });
});
