import type { HookyardConfig } from '@hookyard/config';
import { HeaderCipher } from '@hookyard/delivery';
import { createTestDatabase, TestDatabase } from '@hookyard/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openMigratedDataSource } from '../migrate';
import { SealedHeadersKeyCheck } from './sealed-headers-key.check';
import { SubscriptionRepository } from './subscription.repository';

describe('SealedHeadersKeyCheck (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const key = randomBytes(32);
  const check = (encryptionKey: Buffer | undefined) =>
    new SealedHeadersKeyCheck(
      { secrets: { encryptionKey } } as HookyardConfig,
      new SubscriptionRepository(dataSource),
    ).onModuleInit();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openMigratedDataSource(database.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const insert = (id: string, options: object) =>
    dataSource.query(
      `INSERT INTO subscriptions (id, api, event_types, endpoint, author_id, secret, options)
       VALUES ($1, 'dtr', '{TAG_PUSH}', 'https://example.com', gen_random_uuid(), 's', $2)`,
      [id, JSON.stringify(options)],
    );

  it('starts without a key while no subscription has static headers', async () => {
    await insert('plain', { tagPattern: 'v*' });
    await expect(check(undefined)).resolves.toBeUndefined();
  });

  it('refuses to start without the key, or with another, once headers are sealed; starts with theirs', async () => {
    await insert('with-headers', { headers: new HeaderCipher(key).seal({ Authorization: 'Bearer x' }) });
    await expect(check(undefined)).rejects.toThrow(/SECRETS_ENCRYPTION_KEY is not set, but 1 subscription/);
    await expect(check(randomBytes(32))).rejects.toThrow(
      /1 subscription\(s\) have static headers sealed under another/,
    );
    await expect(check(key)).resolves.toBeUndefined();
  });
});
