import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatabaseTransactions } from '../transactions';
import { ApiTokenRepository } from './api-token.repository';

/** API tokens against the real PostgreSQL with the migrations' schema. */
describe('ApiTokenRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let tokens: ApiTokenRepository;
  const rita = randomUUID();
  const root = randomUUID();

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    tokens = new ApiTokenRepository(dataSource);
    // Listings name each token's owner.
    await dataSource.query(`INSERT INTO accounts (id, name) VALUES ($1, 'rita'), ($2, 'root')`, [rita, root]);
  });

  /** The hashes of one account's tokens (every token without one), as a full listing streams them. */
  const hashes = async (accountId?: string) => {
    const listed: string[] = [];
    for await (const batch of tokens.list(accountId).batches())
      listed.push(...batch.map((t) => t.token.tokenHash));
    return listed;
  };

  afterAll(async () => {
    await database?.drop();
  });

  it('creates tokens on, lists them oldest first, finds them by hash and only active ones for sign-in', async () => {
    const first = await tokens.create({ accountId: rita, tokenHash: 'hash-1', tokenLabel: 'ci' });
    expect(first).toMatchObject({ isActive: true, deactivatedByAdmin: false, lastUsedAt: null });
    await tokens.create({ accountId: root, tokenHash: 'hash-2', tokenLabel: '' });
    await tokens.create({ accountId: rita, tokenHash: 'hash-3', tokenLabel: 'laptop' });
    await expect(tokens.create({ accountId: root, tokenHash: 'hash-1', tokenLabel: '' })).rejects.toThrow(
      /duplicate key/,
    );

    expect(await hashes(rita)).toEqual(['hash-1', 'hash-3']);
    expect(await hashes()).toEqual(['hash-1', 'hash-2', 'hash-3']);
    const [owned] = (await tokens.list(rita).page({ size: 1 })).items;
    expect(owned).toEqual({ token: await tokens.findByHash('hash-1'), ownerName: 'rita' });
    expect(await tokens.findByHash('hash-3')).toMatchObject({ accountId: rita, tokenLabel: 'laptop' });
    expect(await tokens.findByHash('hash-9')).toBeNull();

    const laptop = (await tokens.findByHash('hash-3'))!;
    laptop.isActive = false;
    laptop.deactivatedByAdmin = true;
    await tokens.save(laptop);
    expect(await tokens.findActiveByHash('hash-3')).toBeNull();
    expect(await tokens.findByHash('hash-3')).toMatchObject({ isActive: false, deactivatedByAdmin: true });
    expect(await tokens.findActiveByHash('hash-1')).toMatchObject({ id: first.id });
  });

  it('keeps who made a token and when it expires; an expired one signs no one in', async () => {
    const soon = await tokens.create({
      accountId: rita,
      tokenHash: 'hash-expiring',
      tokenLabel: '',
      generatedBy: 'root',
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(soon).toMatchObject({ generatedBy: 'root', expiresAt: expect.any(Date) });
    expect(await tokens.findActiveByHash('hash-expiring')).toMatchObject({ id: soon.id });
    await dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      soon.id,
    ]);
    expect(await tokens.findActiveByHash('hash-expiring')).toBeNull();
    expect(await tokens.findByHash('hash-expiring')).toMatchObject({ isActive: true });
    const forever = await tokens.create({ accountId: rita, tokenHash: 'hash-forever', tokenLabel: '' });
    expect(forever).toMatchObject({ generatedBy: '', expiresAt: null });
    expect(await tokens.findActiveByHash('hash-forever')).toMatchObject({ id: forever.id });
  });

  it('records when a token was used', async () => {
    const { id } = await tokens.create({ accountId: rita, tokenHash: 'hash-used', tokenLabel: '' });
    const at = new Date('2030-01-02T03:04:05.000Z');
    await tokens.markUsed(id, at);
    expect(await tokens.findByHash('hash-used')).toMatchObject({ lastUsedAt: at });
  });

  it('creates in a transaction, which a rollback undoes', async () => {
    const transactions = new DatabaseTransactions(dataSource);
    const rolledBack = transactions.run(async (transaction) => {
      await tokens.create({ accountId: root, tokenHash: 'hash-rolled-back', tokenLabel: '' }, transaction);
      expect(await tokens.findByHash('hash-rolled-back', transaction)).toMatchObject({ accountId: root });
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await tokens.findByHash('hash-rolled-back')).toBeNull();
  });

  it('keeps one bootstrap token: marking one and deleting the others, in a transaction', async () => {
    const transactions = new DatabaseTransactions(dataSource);
    const admin = randomUUID();
    const old = await tokens.create({
      accountId: admin,
      tokenHash: 'boot-old',
      tokenLabel: '',
      isBootstrap: true,
    });
    expect(old.isBootstrap).toBe(true);
    const plain = await tokens.create({ accountId: admin, tokenHash: 'boot-new', tokenLabel: '' });
    expect(plain.isBootstrap).toBe(false);
    const deleted = await transactions.run(async (transaction) => {
      await tokens.markBootstrap(plain.id, transaction);
      return tokens.deleteBootstrapTokensExcept('boot-new', transaction);
    });
    expect(deleted).toBe(1);
    expect(await tokens.findByHash('boot-old')).toBeNull();
    expect(await tokens.findByHash('boot-new')).toMatchObject({ isBootstrap: true });
    expect(await tokens.deleteBootstrapTokensExcept('boot-new')).toBe(0);
    // Other tokens are never bootstrap tokens.
    expect(await tokens.findByHash('hash-1')).toMatchObject({ isBootstrap: false });
  });

  it("deletes one token, or every token of one account and nobody else's", async () => {
    const other = randomUUID();
    const kept = await tokens.create({ accountId: other, tokenHash: 'hash-kept', tokenLabel: '' });
    const single = await tokens.create({ accountId: other, tokenHash: 'hash-single', tokenLabel: '' });
    await tokens.delete(single.id);
    expect(await tokens.findByHash('hash-single')).toBeNull();
    await tokens.deleteAllOf(rita);
    expect(await hashes(rita)).toEqual([]);
    // A token whose account is gone is listed by nobody.
    expect(await hashes(other)).toEqual([]);
    await dataSource.query(`INSERT INTO accounts (id, name) VALUES ($1, 'other')`, [other]);
    expect(await hashes(other)).toEqual([kept.tokenHash]);
  });
});
