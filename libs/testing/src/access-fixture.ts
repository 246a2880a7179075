/** Anything that runs SQL with `$n` parameters: a TypeORM DataSource or a pg Client. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * One account for each role the permission model knows, around the organization `acme` (its
 * repository `acme/api`) and the user namespace `nina`:
 *
 * | role               | account | how                                                                     |
 * | ------------------ | ------- | ----------------------------------------------------------------------- |
 * | readOnly           | alice   | user grant read-only on acme/api (not a member of acme)                 |
 * | readWrite          | rowan   | team `writers` read-write on acme/api; user grants admin on acme/web and |
 * |                    |         | on other/api (a repository admin elsewhere, so listings must pair names) |
 * | adminByUserGrant   | ursula  | user grant admin on acme/api (not a member of acme)                     |
 * | adminByTeamGrant   | tess    | team `ci` admin on acme/api                                             |
 * | orgOwner           | olivia  | owner of acme                                                           |
 * | orgMember          | mel     | member of acme, no team, no grant                                       |
 * | namespaceAdmin     | nadia   | team `platform` admin on the whole namespace acme                       |
 * | namespaceReader    | nora    | team `viewers` read-only on the whole namespace acme                    |
 * | userNamespaceOwner | nina    | the user `nina` (owns the namespace nina)                               |
 * | systemAdmin        | root    | system admin                                                            |
 * | deactivated        | dora    | owner of acme, in team ci, admin grant on acme/api, account deactivated |
 */
export const ACCESS_ROLES = {
  readOnly: 'alice',
  readWrite: 'rowan',
  adminByUserGrant: 'ursula',
  adminByTeamGrant: 'tess',
  orgOwner: 'olivia',
  orgMember: 'mel',
  namespaceAdmin: 'nadia',
  namespaceReader: 'nora',
  userNamespaceOwner: 'nina',
  systemAdmin: 'root',
  deactivated: 'dora',
} as const;

export type AccessRole = keyof typeof ACCESS_ROLES;

/** A fixture account with the columns of the `Account` entity, as the permission rules read them. */
export interface FixtureAccount {
  id: string;
  name: string;
  isOrg: boolean;
  isAdmin: boolean;
  isActive: boolean;
  fullName: string;
  createdAt: Date;
}

/** Writes the accounts, teams and grants of ACCESS_ROLES into a migrated database; returns the account of each role. */
export async function seedAccessFixture(db: SqlRunner): Promise<Map<AccessRole, FixtureAccount>> {
  const users = Object.values(ACCESS_ROLES).map((name) => ({
    name,
    admin: name === ACCESS_ROLES.systemAdmin,
    active: name !== ACCESS_ROLES.deactivated,
  }));
  for (const user of users) {
    await db.query(`INSERT INTO accounts (name, is_org, is_admin, is_active) VALUES ($1, false, $2, $3)`, [
      user.name,
      user.admin,
      user.active,
    ]);
  }
  await db.query(`INSERT INTO accounts (name, is_org) VALUES ('acme', true)`);
  const id = `(SELECT id FROM accounts WHERE name = $1)`;
  const member = (name: string, owner: boolean) =>
    db.query(
      `INSERT INTO organization_members (org_id, member_id, is_owner) SELECT o.id, u.id, $2
                FROM accounts o, accounts u WHERE o.name = 'acme' AND u.name = $1`,
      [name, owner],
    );
  const team = async (name: string, members: string[]) => {
    await db.query(`INSERT INTO teams (org_id, name) SELECT id, $1 FROM accounts WHERE name = 'acme'`, [
      name,
    ]);
    for (const user of members) {
      await member(user, user === ACCESS_ROLES.deactivated);
      await db.query(
        `INSERT INTO team_members (team_id, member_id) SELECT t.id, u.id FROM teams t, accounts u
          WHERE t.name = $1 AND u.name = $2`,
        [name, user],
      );
    }
  };
  const grant = (kind: 'user' | 'team', grantee: string, repository: string, level: string) => {
    const [namespace, name] = repository.split('/');
    const granteeId = kind === 'user' ? id : `(SELECT id FROM teams WHERE name = $1)`;
    return db.query(
      `INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level)
       VALUES ($2, $3, $4, ${granteeId}, $5)`,
      [grantee, namespace, name, kind, level],
    );
  };
  await member(ACCESS_ROLES.orgOwner, true);
  await member(ACCESS_ROLES.orgMember, false);
  await team('ci', [ACCESS_ROLES.adminByTeamGrant, ACCESS_ROLES.deactivated]);
  await team('writers', [ACCESS_ROLES.readWrite]);
  const namespaceGrant = (teamName: string, level: string) =>
    db.query(
      `INSERT INTO namespace_access (namespace, team_id, access_level)
       SELECT 'acme', id, $2 FROM teams WHERE name = $1`,
      [teamName, level],
    );
  await team('platform', [ACCESS_ROLES.namespaceAdmin]);
  await team('viewers', [ACCESS_ROLES.namespaceReader]);
  await namespaceGrant('platform', 'admin');
  await namespaceGrant('viewers', 'read-only');
  await grant('team', 'ci', 'acme/api', 'admin');
  await grant('team', 'writers', 'acme/api', 'read-write');
  await grant('user', ACCESS_ROLES.readOnly, 'acme/api', 'read-only');
  await grant('user', ACCESS_ROLES.adminByUserGrant, 'acme/api', 'admin');
  await grant('user', ACCESS_ROLES.readWrite, 'acme/web', 'admin');
  await grant('user', ACCESS_ROLES.readWrite, 'other/api', 'admin');
  await grant('user', ACCESS_ROLES.deactivated, 'acme/api', 'admin');
  const rows = (await db.query(
    `SELECT id, name, is_org AS "isOrg", is_admin AS "isAdmin", is_active AS "isActive",
            full_name AS "fullName", created_at AS "createdAt"
       FROM accounts WHERE name = ANY($1)`,
    [Object.values(ACCESS_ROLES)],
  )) as FixtureAccount[];
  const roleOf = new Map(
    Object.entries(ACCESS_ROLES).map(([role, name]) => [name as string, role as AccessRole]),
  );
  return new Map(rows.map((row) => [roleOf.get(row.name)!, row]));
}
