import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Account } from '../account/account.entity';
import { Team } from '../account/team.entity';
import { Keyset } from '../listing/keyset';
import { entityColumns, Listing, sqlListing } from '../listing/listing';
import { RepositoryRecord, repositoryRecordColumns } from '../repository/registry-repository.repository';
import { managerFor, Transaction } from '../transactions';
import { NamespaceAccess } from './namespace-access.entity';
import { AccessLevel, GranteeKind, RepositoryAccess } from './repository-access.entity';

/** One grant's key: the repository and who it is for. */
export type GrantKey = Pick<RepositoryAccess, 'namespace' | 'repository' | 'granteeKind' | 'granteeId'>;

/** What the permission model reads of one account: its organizations and every grant reaching it. */
export interface AccountAccessRows {
  organizations: Array<{ name: string; isOwner: boolean }>;
  /**
   * To the user itself and to each of its teams; a repository may appear more than once.
   * `repository` null: a grant on the whole namespace, to one of its teams.
   */
  grants: Array<{ namespace: string; repository: string | null; accessLevel: AccessLevel }>;
}

/** A team's grant on a repository or a namespace, with the team. */
export interface TeamGrant {
  team: Team;
  accessLevel: AccessLevel;
}

/** A grant on a repository, with the repository. */
export interface RepositoryGrant {
  repository: RepositoryRecord;
  accessLevel: AccessLevel;
}

/** A user's grant on a repository. */
export interface UserGrant {
  user: Account;
  accessLevel: AccessLevel;
}

/** A team's grants, by repository: IDX_repository_access_grantee_repository reads them in this order. */
const BY_REPOSITORY = new Keyset([
  { column: 'namespace', type: 'text' },
  { column: 'repository', type: 'text' },
]);

/** A repository's user grants, read whole through the primary key and sorted by the users' unique names. */
const BY_USER_NAME = new Keyset([{ column: 'name', type: 'text' }]);

/**
 * A repository's team grants are read whole through the primary key (they are at most the
 * organization's teams) and sorted by name; the id breaks ties between organizations' teams.
 */
const BY_TEAM_NAME = new Keyset([
  { column: 'name', type: 'text' },
  { column: 'id', type: 'uuid' },
]);

/** Repository access grants, and what an account's permissions are read from. */
@Injectable()
export class AccessRepository {
  private readonly grants: Repository<RepositoryAccess>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.grants = dataSource.getRepository(RepositoryAccess);
  }

  /** Two queries, run together. */
  async accessOf(accountId: string): Promise<AccountAccessRows> {
    const [organizations, grants] = await Promise.all([
      this.dataSource.query(
        `SELECT o.name, m.is_owner AS "isOwner" FROM organization_members m
           JOIN accounts o ON o.id = m.org_id AND o.is_org
          WHERE m.member_id = $1`,
        [accountId],
      ) as Promise<AccountAccessRows['organizations']>,
      this.dataSource.query(
        `SELECT g.namespace, g.repository, g.access_level AS "accessLevel" FROM repository_access g
          WHERE (g.grantee_kind = 'user' AND g.grantee_id = $1)
             OR (g.grantee_kind = 'team'
                 AND g.grantee_id IN (SELECT t.team_id FROM team_members t WHERE t.member_id = $1))
         UNION ALL
         SELECT n.namespace, NULL, n.access_level FROM namespace_access n
          WHERE n.team_id IN (SELECT t.team_id FROM team_members t WHERE t.member_id = $1)`,
        [accountId],
      ) as Promise<AccountAccessRows['grants']>,
    ]);
    return { organizations, grants };
  }

  /** Grants `accessLevel`, replacing the grantee's earlier level on the repository. */
  async grant(grant: GrantKey & { accessLevel: AccessLevel }): Promise<void> {
    await this.grants.save(this.grants.create(grant));
  }

  /** False when there was no such grant. */
  async revoke(grant: GrantKey): Promise<boolean> {
    const { affected } = await this.grants.delete(grant);
    return Boolean(affected);
  }

  /** Every grant of one kind on a repository. */
  listGrants(namespace: string, repository: string, granteeKind: GranteeKind): Promise<RepositoryAccess[]> {
    return this.grants.findBy({ namespace, repository, granteeKind });
  }

  /** The teams granted access to a repository, by team name (then id), with their levels. */
  listTeamGrants(namespace: string, repository: string): Listing<TeamGrant> {
    return this.granteesOf(
      namespace,
      repository,
      { kind: 'team', entity: Team, table: 'teams' },
      BY_TEAM_NAME,
      teamGrant,
    );
  }

  /** The users granted access to a repository, by user name, with their levels. */
  listUserGrants(namespace: string, repository: string): Listing<UserGrant> {
    return this.granteesOf(
      namespace,
      repository,
      { kind: 'user', entity: Account, table: 'accounts' },
      BY_USER_NAME,
      ({ accessLevel, ...user }) => ({
        user: user as unknown as Account,
        accessLevel: accessLevel as AccessLevel,
      }),
    );
  }

  /** A repository's grants of one kind, joined to their grantees (`grantee`) and read in `order`. */
  private granteesOf<T>(
    namespace: string,
    repository: string,
    grantee: { kind: GranteeKind; entity: typeof Team | typeof Account; table: string },
    order: Keyset,
    map: (row: Record<string, unknown>) => T,
  ): Listing<T> {
    return sqlListing(
      this.dataSource,
      order,
      (read) =>
        `SELECT ${entityColumns(this.dataSource, grantee.entity, 'x')}, g.access_level AS "accessLevel", ${read.key('x')}
           FROM repository_access g JOIN ${grantee.table} x ON x.id = g.grantee_id
          WHERE g.namespace = ${read.param(namespace)} AND g.repository = ${read.param(repository)}
            AND g.grantee_kind = ${read.param(grantee.kind)} AND ${read.after('x')}
          ORDER BY ${read.orderBy('x')} ${read.limit}`,
      map,
    );
  }

  /**
   * Every grant to one user or team (e.g. a team being deleted), a team's namespace grants
   * included, in the caller's transaction.
   */
  async revokeAllOf(granteeKind: GranteeKind, granteeId: string, transaction: Transaction): Promise<void> {
    const manager = managerFor(this.dataSource, transaction);
    await manager.delete(RepositoryAccess, { granteeKind, granteeId });
    if (granteeKind === 'team') await manager.delete(NamespaceAccess, { teamId: granteeId });
  }

  /** Every grant to the teams of an organization (being deleted), in the caller's transaction. */
  async revokeTeamsOf(orgId: string, transaction: Transaction): Promise<void> {
    const manager = managerFor(this.dataSource, transaction);
    const teams = `(SELECT id FROM teams WHERE org_id = $1)`;
    await manager.query(
      `DELETE FROM repository_access WHERE grantee_kind = 'team' AND grantee_id IN ${teams}`,
      [orgId],
    );
    await manager.query(`DELETE FROM namespace_access WHERE team_id IN ${teams}`, [orgId]);
  }

  /** Every grant on a repository, in the caller's transaction (the repository is being deleted). */
  async revokeRepository(namespace: string, repository: string, transaction: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).delete(RepositoryAccess, { namespace, repository });
  }

  /** Every grant on a namespace and on any repository in it, in the caller's transaction. */
  async revokeWithinNamespace(namespace: string, transaction: Transaction): Promise<void> {
    const manager = managerFor(this.dataSource, transaction);
    await manager.delete(RepositoryAccess, { namespace });
    await manager.delete(NamespaceAccess, { namespace });
  }

  /**
   * A team's repository grants with their repositories, by namespace and repository name (every
   * grant is on an existing repository: deleting one revokes them).
   */
  listTeamRepositoryGrants(teamId: string): Listing<RepositoryGrant> {
    return sqlListing(
      this.dataSource,
      BY_REPOSITORY,
      (read) =>
        `SELECT ${repositoryRecordColumns(this.dataSource, 'r')}, g.access_level AS "accessLevel", ${read.key('g')}
           FROM repository_access g
           JOIN registry_repositories r ON r.namespace = g.namespace AND r.name = g.repository
          WHERE g.grantee_id = ${read.param(teamId)} AND g.grantee_kind = 'team' AND ${read.after('g')}
          ORDER BY ${read.orderBy('g')} ${read.limit}`,
      ({ accessLevel, ...repository }) => ({
        repository: repository as unknown as RepositoryRecord,
        accessLevel: accessLevel as AccessLevel,
      }),
    );
  }

  /** Grants `accessLevel` on every repository of `namespace` to a team, replacing its earlier level. */
  async grantNamespace(grant: Pick<NamespaceAccess, 'namespace' | 'teamId' | 'accessLevel'>): Promise<void> {
    const manager = this.dataSource.manager;
    await manager.save(manager.create(NamespaceAccess, grant));
  }

  /** False when the team had no grant on the namespace. */
  async revokeNamespace(namespace: string, teamId: string): Promise<boolean> {
    const { affected } = await this.dataSource.manager.delete(NamespaceAccess, { namespace, teamId });
    return Boolean(affected);
  }

  async findNamespaceGrant(namespace: string, teamId: string): Promise<NamespaceAccess | null> {
    return this.dataSource.manager.findOneBy(NamespaceAccess, { namespace, teamId });
  }

  /**
   * The teams granted access to an organization's namespace, by team name (then id). Only the
   * organization's own teams are granted its namespace (RepositoryAccessService), so they are read
   * in order through the organization's teams (UQ org_id, name), each grant through its key.
   */
  listNamespaceGrants(namespace: string): Listing<TeamGrant> {
    return sqlListing(
      this.dataSource,
      BY_TEAM_NAME,
      (read) => {
        const name = read.param(namespace);
        return `SELECT ${entityColumns(this.dataSource, Team, 't')}, n.access_level AS "accessLevel", ${read.key('t')}
                  FROM teams t JOIN namespace_access n ON n.namespace = ${name} AND n.team_id = t.id
                 WHERE t.org_id = (SELECT o.id FROM accounts o WHERE o.name = ${name}) AND ${read.after('t')}
                 ORDER BY ${read.orderBy('t')} ${read.limit}`;
      },
      teamGrant,
    );
  }
}

function teamGrant({ accessLevel, ...team }: Record<string, unknown>): TeamGrant {
  return { team: team as unknown as Team, accessLevel: accessLevel as AccessLevel };
}
