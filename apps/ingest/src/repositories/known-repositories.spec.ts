import type {
  DatabaseTransactions,
  EventLogRepository,
  RegistryRepositoryRepository,
  RepositoryRecord,
  Transaction,
} from '@hookyard/persistence';
import { repositoryRecord } from '@hookyard/testing';
import { ServiceUnavailableException } from '@nestjs/common';
import { KNOWN_REPOSITORIES_KEPT, KnownRepositories } from './known-repositories';

const rowsWith = (found: RepositoryRecord | null) => ({
  findByName: jest.fn().mockResolvedValue(found),
  insertIfMissing: jest.fn(async (row: { namespace: string; name: string }) => ({
    record: repositoryRecord(`${row.namespace}/${row.name}`) as RepositoryRecord,
    created: true,
  })),
  markAnnounced: jest.fn().mockResolvedValue(undefined),
  delete: jest.fn().mockResolvedValue(null),
});

const transaction = {} as Transaction;
const transactions = { run: (work: (t: Transaction) => Promise<unknown>) => work(transaction) };
const eventLog = { closeRepository: jest.fn().mockResolvedValue(undefined) };
/** KnownRepositories over `rows`, in transactions that run at once. */
const knownOver = (rows: object) =>
  new KnownRepositories(
    rows as RegistryRepositoryRepository,
    transactions as unknown as DatabaseTransactions,
    eventLog as unknown as EventLogRepository,
  );

const announced = (key: string) => repositoryRecord(key, { announced: true }) as RepositoryRecord;

describe('KnownRepositories', () => {
  beforeEach(() => eventLog.closeRepository.mockClear());

  it('answers 503 (so the registry retries) when the database cannot be reached', async () => {
    const lost = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const rows = { findByName: lost, insertIfMissing: lost, markAnnounced: lost };
    const repositories = knownOver(rows);
    await expect(repositories.toAnnounce('acme/team/api')).rejects.toThrow(ServiceUnavailableException);
    await expect(repositories.markAnnounced([announced('acme/team/api')])).rejects.toThrow(
      /repository store unavailable, retry later: connect ECONNREFUSED/,
    );
  });

  it('makes a repository it does not know, and announces it until it is marked announced', async () => {
    const rows = rowsWith(null);
    const repositories = knownOver(rows);
    const made = await repositories.toAnnounce('acme/team/api', '2026-01-01T00:00:00Z');
    expect(made).toMatchObject({ namespace: 'acme', name: 'team/api', announced: false });
    expect(rows.insertIfMissing).toHaveBeenCalledWith({
      namespace: 'acme',
      name: 'team/api',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await repositories.markAnnounced([made!]);
    expect(rows.markAnnounced).toHaveBeenCalledWith([made!.id]);
    expect(await repositories.toAnnounce('acme/team/api')).toBeUndefined();
    expect(rows.findByName).toHaveBeenCalledTimes(1);
  });

  it('announces one made but never announced (a crash between the two) with the same record', async () => {
    const pending = repositoryRecord('acme/api') as RepositoryRecord;
    const rows = rowsWith(pending);
    const repositories = knownOver(rows);
    expect(await repositories.toAnnounce('acme/api')).toBe(pending);
    expect(rows.insertIfMissing).not.toHaveBeenCalled();
  });

  it('asks again about a repository the gateway deleted, without deleting anything itself', async () => {
    const rows = rowsWith(announced('acme/api'));
    const repositories = knownOver(rows);
    expect(await repositories.toAnnounce('acme/api')).toBeUndefined();
    repositories.forgetAnnounced(['acme/api']);
    rows.findByName.mockResolvedValue(null);
    expect(await repositories.toAnnounce('acme/api')).toMatchObject({ namespace: 'acme', name: 'api' });
    expect(rows.findByName).toHaveBeenCalledTimes(2);
    expect(rows.delete).not.toHaveBeenCalled();
    expect(eventLog.closeRepository).not.toHaveBeenCalled();
  });

  it('remembers an announced repository without asking again, and forgets a deleted one', async () => {
    const rows = rowsWith(announced('acme/team/api'));
    const repositories = knownOver(rows);
    expect(await repositories.toAnnounce('acme/team/api')).toBeUndefined();
    expect(await repositories.toAnnounce('acme/team/api')).toBeUndefined();
    expect(rows.findByName).toHaveBeenCalledTimes(1);
    const before = Date.now();
    await repositories.forget(['acme/team/api']);
    const name = { namespace: 'acme', name: 'team/api' };
    expect(rows.delete).toHaveBeenCalledWith(name, transaction);
    // Its events up to now are closed to later grantees, in the deletion's transaction.
    expect(eventLog.closeRepository).toHaveBeenCalledWith(name, expect.any(Date), transaction);
    expect(eventLog.closeRepository.mock.calls[0][1].getTime()).toBeGreaterThanOrEqual(before);
    rows.findByName.mockResolvedValue(null);
    expect(await repositories.toAnnounce('acme/team/api')).toMatchObject({ announced: false });
  });

  it('remembers at most KNOWN_REPOSITORIES_KEPT repositories, asking again for the oldest', async () => {
    const rows = rowsWith(announced('acme/r'));
    const repositories = knownOver(rows);
    for (let i = 0; i <= KNOWN_REPOSITORIES_KEPT; i++) await repositories.toAnnounce(`acme/r${i}`);
    await repositories.toAnnounce(`acme/r${KNOWN_REPOSITORIES_KEPT}`);
    expect(rows.findByName).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 1);
    await repositories.toAnnounce('acme/r0');
    expect(rows.findByName).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 2);
  });
});
