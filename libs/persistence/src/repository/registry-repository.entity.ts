import type { RepositoryVisibility } from '@hookyard/events';
import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * A repository as a DTR object: made by the first push Hookyard sees (REPO_CREATED), or through
 * DTR's repositories API. Listed by its primary key (namespace, name).
 */
@Entity('registry_repositories')
export class RegistryRepository {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  @PrimaryColumn({ type: 'text' })
  name: string;

  /** DTR's repository id; a repository deleted and made again gets a new one. */
  @Index('UQ_registry_repositories_id', { unique: true })
  @Column({ type: 'uuid' })
  @Generated('uuid')
  id: string;

  @Column({ name: 'short_description', type: 'text', default: '' })
  shortDescription: string;

  @Column({ name: 'long_description', type: 'text', default: '' })
  longDescription: string;

  @Column({ type: 'varchar', length: 8, default: 'private' })
  visibility: RepositoryVisibility;

  @Column({ name: 'scan_on_push', type: 'boolean', default: false })
  scanOnPush: boolean;

  @Column({ name: 'immutable_tags', type: 'boolean', default: false })
  immutableTags: boolean;

  @Column({ name: 'enable_manifest_lists', type: 'boolean', default: false })
  enableManifestLists: boolean;

  /** DTR's tag limit (0: none); kept and shown, not enforced: Hookyard stores no tags. */
  @Column({ name: 'tag_limit', type: 'integer', default: 0 })
  tagLimit: number;

  /** Counted from the activity stream: manifest pulls and tag pushes recorded. */
  @Column({ type: 'integer', default: 0 })
  pulls: number;

  @Column({ type: 'integer', default: 0 })
  pushes: number;

  /**
   * False from the moment the row is made until its REPO_CREATED is in the event stream: a
   * producer retried after a crash in between announces it then (with the same id).
   */
  @Column({ type: 'boolean', default: true })
  announced: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
