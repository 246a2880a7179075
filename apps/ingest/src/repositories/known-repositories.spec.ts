import type { RegistryRepository } from '@hookyard/persistence';
import { ServiceUnavailableException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { KNOWN_REPOSITORIES_KEPT, KnownRepositories } from './known-repositories';

describe('KnownRepositories', () => {
  it('answers 503 (so the registry retries) when the database cannot be reached', async () => {
    const lost = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const rows = {
      existsBy: lost,
      createQueryBuilder: () => ({
        insert: () => ({ values: () => ({ orIgnore: () => ({ execute: lost }) }) }),
      }),
    };
    const repositories = new KnownRepositories(rows as unknown as Repository<RegistryRepository>);
    await expect(repositories.isKnown('acme/team/api')).rejects.toThrow(ServiceUnavailableException);
    await expect(repositories.markSeen(['acme/team/api'])).rejects.toThrow(
      /repository store unavailable, retry later: connect ECONNREFUSED/,
    );
  });

  it('remembers a repository once it is known, without asking again', async () => {
    const existsBy = jest.fn().mockResolvedValue(true);
    const repositories = new KnownRepositories({ existsBy } as unknown as Repository<RegistryRepository>);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    expect(existsBy).toHaveBeenCalledTimes(1);
    expect(existsBy).toHaveBeenCalledWith({ namespace: 'acme', name: 'team/api' });
  });

  it('forgets a deleted repository, so the next question goes to the database again', async () => {
    const existsBy = jest.fn().mockResolvedValue(true);
    const remove = jest.fn().mockResolvedValue({ affected: 1 });
    const repositories = new KnownRepositories({
      existsBy,
      delete: remove,
    } as unknown as Repository<RegistryRepository>);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    await repositories.forget(['acme/team/api']);
    expect(remove).toHaveBeenCalledWith({ namespace: 'acme', name: 'team/api' });
    existsBy.mockResolvedValue(false);
    expect(await repositories.isKnown('acme/team/api')).toBe(false);
    expect(existsBy).toHaveBeenCalledTimes(2);
  });

  it('remembers at most KNOWN_REPOSITORIES_KEPT repositories, asking again for the oldest', async () => {
    const existsBy = jest.fn().mockResolvedValue(true);
    const repositories = new KnownRepositories({ existsBy } as unknown as Repository<RegistryRepository>);
    for (let i = 0; i <= KNOWN_REPOSITORIES_KEPT; i++) await repositories.isKnown(`acme/r${i}`);
    await repositories.isKnown(`acme/r${KNOWN_REPOSITORIES_KEPT}`);
    expect(existsBy).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 1);
    await repositories.isKnown('acme/r0');
    expect(existsBy).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 2);
  });
});
