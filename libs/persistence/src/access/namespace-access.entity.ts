import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccessLevel } from './repository-access.entity';

/**
 * Access granted to a team on every repository of its organization's namespace (DTR's
 * `repositoryNamespaces/{namespace}/teamAccess`): a team with `admin` here administers each of them.
 */
@Entity('namespace_access')
export class NamespaceAccess {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  /** Permission checks read the grants of every team a user is in. */
  @Index('IDX_namespace_access_team_id')
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @Column({ name: 'access_level', type: 'varchar', length: 16 })
  accessLevel: AccessLevel;
}
