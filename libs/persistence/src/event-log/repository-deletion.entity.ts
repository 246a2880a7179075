import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When a repository of this name was last deleted (through the API, or in the registry as ingest
 * heard). Its activity stream up to then was that repository's: whoever is granted a repository
 * made later under the name does not read it (its namespace's readers still do). Repositories
 * deleted with their account are covered by NamespaceDeletion.
 */
@Entity('repository_deletions')
export class RepositoryDeletion {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt: Date;
}
