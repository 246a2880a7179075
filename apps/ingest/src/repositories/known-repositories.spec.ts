import type { RegistryRepository } from '@hookyard/persistence';
import { ServiceUnavailableException } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { KnownRepositories } from './known-repositories';

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
});
