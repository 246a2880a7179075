import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When the account holding a namespace was last deleted. The activity stream of the namespace up
 * to then was that account's: whoever is given the name afterwards does not read it (system
 * admins still do, until EVENT_LOG_RETENTION prunes it).
 */
@Entity('namespace_deletions')
export class NamespaceDeletion {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  @Column({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt: Date;
}
