import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { RegistryRepository } from './registry-repository.entity';

/** A registry repository's name, as the table keeps it. */
export type RegistryRepositoryName = Pick<RegistryRepository, 'namespace' | 'name'>;

/** The registry repositories Hookyard has seen (their first sighting emits REPO_CREATED). */
@Injectable()
export class RegistryRepositoryRepository {
  private readonly repositories: Repository<RegistryRepository>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.repositories = dataSource.getRepository(RegistryRepository);
  }

  exists({ namespace, name }: RegistryRepositoryName): Promise<boolean> {
    return this.repositories.existsBy({ namespace, name });
  }

  /** A deleted repository: its next push is a first sighting again. */
  async delete({ namespace, name }: RegistryRepositoryName): Promise<void> {
    await this.repositories.delete({ namespace, name });
  }

  /** Adds those not seen yet, in one statement; those already there are left as they are. */
  async addMissing(repositories: RegistryRepositoryName[]): Promise<void> {
    // updateEntity(false): the caller's objects are not given the new rows' columns.
    await this.repositories
      .createQueryBuilder()
      .insert()
      .values(repositories)
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}
