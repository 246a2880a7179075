import type { RegistryRepositoryRepository } from '@hookyard/persistence';
import { ServiceUnavailableException } from '@nestjs/common';
import { KNOWN_REPOSITORIES_KEPT, KnownRepositories } from './known-repositories';

describe('KnownRepositories', () => {
  it('answers 503 (so the registry retries) when the database cannot be reached', async () => {
    const lost = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const rows = { exists: lost, addMissing: lost };
    const repositories = new KnownRepositories(rows as unknown as RegistryRepositoryRepository);
    await expect(repositories.isKnown('acme/team/api')).rejects.toThrow(ServiceUnavailableException);
    await expect(repositories.markSeen(['acme/team/api'])).rejects.toThrow(
      /repository store unavailable, retry later: connect ECONNREFUSED/,
    );
  });

  it('remembers a repository once it is known, without asking again', async () => {
    const exists = jest.fn().mockResolvedValue(true);
    const repositories = new KnownRepositories({ exists } as unknown as RegistryRepositoryRepository);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    expect(exists).toHaveBeenCalledTimes(1);
    expect(exists).toHaveBeenCalledWith({ namespace: 'acme', name: 'team/api' });
  });

  it('forgets a deleted repository, so the next question goes to the database again', async () => {
    const exists = jest.fn().mockResolvedValue(true);
    const remove = jest.fn().mockResolvedValue(undefined);
    const repositories = new KnownRepositories({
      exists,
      delete: remove,
    } as unknown as RegistryRepositoryRepository);
    expect(await repositories.isKnown('acme/team/api')).toBe(true);
    await repositories.forget(['acme/team/api']);
    expect(remove).toHaveBeenCalledWith({ namespace: 'acme', name: 'team/api' });
    exists.mockResolvedValue(false);
    expect(await repositories.isKnown('acme/team/api')).toBe(false);
    expect(exists).toHaveBeenCalledTimes(2);
  });

  it('remembers at most KNOWN_REPOSITORIES_KEPT repositories, asking again for the oldest', async () => {
    const exists = jest.fn().mockResolvedValue(true);
    const repositories = new KnownRepositories({ exists } as unknown as RegistryRepositoryRepository);
    for (let i = 0; i <= KNOWN_REPOSITORIES_KEPT; i++) await repositories.isKnown(`acme/r${i}`);
    await repositories.isKnown(`acme/r${KNOWN_REPOSITORIES_KEPT}`);
    expect(exists).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 1);
    await repositories.isKnown('acme/r0');
    expect(exists).toHaveBeenCalledTimes(KNOWN_REPOSITORIES_KEPT + 2);
  });
});
