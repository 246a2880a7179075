import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** DTR's repository access levels, weakest first. */
export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Who a grant is for: a user directly, or every member of a team. */
export type GranteeKind = 'user' | 'team';

/**
 * Access granted on one repository (`namespace/repository`) to a user or a team. Permission checks
 * read every grant of one user and of its teams, and a team's grants are listed by repository.
 */
@Entity('repository_access')
@Index('IDX_repository_access_grantee_repository', ['granteeId', 'namespace', 'repository'])
export class RepositoryAccess {
  @PrimaryColumn({ type: 'text' })
  namespace: string;

  @PrimaryColumn({ type: 'text' })
  repository: string;

  @PrimaryColumn({ name: 'grantee_kind', type: 'varchar', length: 8 })
  granteeKind: GranteeKind;

  @PrimaryColumn({ name: 'grantee_id', type: 'uuid' })
  granteeId: string;

  @Column({ name: 'access_level', type: 'varchar', length: 16 })
  accessLevel: AccessLevel;
}
