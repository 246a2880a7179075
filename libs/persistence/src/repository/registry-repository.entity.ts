import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A repository Hookyard has seen an event for; the first sighting emits REPO_CREATED. */
@Entity('registry_repositories')
export class RegistryRepository {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  @PrimaryColumn({ type: 'text' })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
