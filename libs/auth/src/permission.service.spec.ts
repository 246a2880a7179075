import type { EventType } from '@hookyard/events';
import {
  AccessRepository,
  Account,
  AccountRepository,
  ApiToken,
  ApiTokenRepository,
  openMigratedDataSource,
} from '@hookyard/persistence';
import {
  ACCESS_ROLES,
  AccessRole,
  createTestDatabase,
  seedAccessFixture,
  TestDatabase,
} from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { NO_ACCESS, SubscriptionScope, subscriptionAccess, SubscriptionTarget } from './access-scope';
import { AuthService } from './auth.service';
import type { ConsoleSessions } from './console-sessions';
import { PermissionService } from './permission.service';
import { hashToken } from './tokens';

type Role = AccessRole | 'anonymous';
const ROLES: Role[] = ['anonymous', ...(Object.keys(ACCESS_ROLES) as AccessRole[])];

const target = (key: string | null): SubscriptionTarget => {
  if (key === null) return { namespace: null, repository: null };
  const [namespace, repository = null] = key.split('/');
  return { namespace, repository };
};

/** Subscribing: one column per event-type scope and target. */
const SUBSCRIBE: Array<[label: string, type: EventType, key: string | null]> = [
  ['repository event on acme/api', 'TAG_PUSH', 'acme/api'],
  ['repository event on namespace acme', 'TAG_PUSH', 'acme'],
  ['REPO_* on acme', 'REPO_CREATED', 'acme'],
  ['repository event on nina/tools', 'TAG_PUSH', 'nina/tools'],
  ['REPO_* on nina', 'REPO_DELETED', 'nina'],
  ['SCANNER_UPDATE_COMPLETED (global)', 'SCANNER_UPDATE_COMPLETED', null],
  ['repository event, no key (everything)', 'TAG_PUSH', null],
];

/** `Y` may subscribe, `-` may not; columns in SUBSCRIBE's order. */
const MAY_SUBSCRIBE: Record<Role, string> = {
  anonymous: '- - - - - - -',
  readOnly: '- - - - - - -',
  readWrite: '- - - - - - -',
  adminByUserGrant: 'Y - - - - - -',
  adminByTeamGrant: 'Y - - - - - -',
  orgOwner: 'Y Y Y - - - -',
  orgMember: '- - - - - - -',
  userNamespaceOwner: '- - - Y Y - -',
  systemAdmin: 'Y Y Y Y Y Y Y',
  deactivated: '- - - - - - -',
};

/** Existing subscriptions, whoever made them. */
const EXISTING: Array<[label: string, subscription: SubscriptionScope]> = [
  ['TAG_PUSH on acme/api', { eventTypes: ['TAG_PUSH'], ...target('acme/api') }],
  ['TAG_PUSH on namespace acme', { eventTypes: ['TAG_PUSH'], ...target('acme') }],
  ['REPO_CREATED on acme', { eventTypes: ['REPO_CREATED'], ...target('acme') }],
  ['TAG_PUSH on nina/tools', { eventTypes: ['TAG_PUSH'], ...target('nina/tools') }],
  ['SCANNER_UPDATE_COMPLETED', { eventTypes: ['SCANNER_UPDATE_COMPLETED'], ...target(null) }],
  ['Quay vulnerability_found on acme/api', { eventTypes: ['SCAN_COMPLETED'], ...target('acme/api') }],
];

/**
 * `A` administers (reads it, its secret and log; changes, tests, redelivers, deletes), `s` only
 * sees what it points at (403), `-` may not know it exists (404); columns in EXISTING's order.
 */
const ACCESS: Record<Role, string> = {
  anonymous: '- - - - - -',
  readOnly: 's - - - - s',
  readWrite: 's s s - - s',
  adminByUserGrant: 'A - - - - A',
  adminByTeamGrant: 'A s s - - A',
  orgOwner: 'A A A - - A',
  orgMember: '- s s - - -',
  userNamespaceOwner: '- - - A - -',
  systemAdmin: 'A A A A A A',
  deactivated: '- - - - - -',
};

/** Access level on acme/api, as DTR's "check a user's access" reports it. */
const LEVEL_ON_ACME_API: Record<Role, string | null> = {
  anonymous: null,
  readOnly: 'read-only',
  readWrite: 'read-write',
  adminByUserGrant: 'admin',
  adminByTeamGrant: 'admin',
  orgOwner: 'admin',
  orgMember: null,
  userNamespaceOwner: null,
  systemAdmin: 'admin',
  deactivated: null,
};

const cells = (row: string) => row.split(' ');
const ACCESS_SYMBOL = { administer: 'A', see: 's', none: '-' } as const;

/** The whole role × action matrix, against the real PostgreSQL with the migrations' schema. */
describe('PermissionService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let permissions: PermissionService;
  const accounts = new Map<Role, Account>();

  /** The rules answer from the scope; an anonymous caller is refused by AuthenticatedGuard first, and has no scope. */
  const scopeOf = async (role: Role) => {
    const account = accounts.get(role);
    return account ? permissions.scopeOf(account) : NO_ACCESS;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openMigratedDataSource(database.url);
    for (const [role, account] of await seedAccessFixture(dataSource)) accounts.set(role, account as Account);
    permissions = new PermissionService(new AccessRepository(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('decides who may subscribe to each event-type scope', async () => {
    const actual: Record<string, string> = {};
    for (const role of ROLES) {
      const account = accounts.get(role);
      const answers = await Promise.all(
        SUBSCRIBE.map(async ([, type, key]) =>
          account ? permissions.canSubscribe(account, [type], target(key)) : false,
        ),
      );
      actual[role] = answers.map((may) => (may ? 'Y' : '-')).join(' ');
    }
    expect(actual).toEqual(MAY_SUBSCRIBE);
  });

  it('decides who administers, only sees, or may not know of an existing subscription', async () => {
    const actual: Record<string, string> = {};
    for (const role of ROLES) {
      const scope = await scopeOf(role);
      actual[role] = EXISTING.map(
        ([, subscription]) => ACCESS_SYMBOL[subscriptionAccess(scope, subscription)],
      ).join(' ');
    }
    expect(actual).toEqual(ACCESS);
  });

  it('answers administered() with the subscription, 403 or the API’s not-found, per the matrix', async () => {
    const notFound = () => new Error('not found');
    for (const role of ROLES) {
      const account = accounts.get(role);
      if (!account) continue;
      for (const [index, [label, subscription]] of EXISTING.entries()) {
        const expected = cells(ACCESS[role])[index];
        const answer = await permissions.administered(account, subscription, notFound).then(
          () => 'A',
          (error: Error & { getStatus?: () => number }) =>
            error.getStatus?.() === 403 ? 's' : error.message,
        );
        expect({ role, label, answer }).toEqual({
          role,
          label,
          answer: expected === '-' ? 'not found' : expected,
        });
      }
      await expect(permissions.administered(account, null, notFound)).rejects.toThrow('not found');
    }
  });

  it("reports each role's access level on a repository", async () => {
    const actual: Record<string, string | null> = {};
    for (const role of ROLES) {
      const account = accounts.get(role);
      actual[role] = account ? await permissions.repositoryAccessLevel(account, 'acme', 'api') : null;
    }
    expect(actual).toEqual(LEVEL_ON_ACME_API);
  });

  it('follows the current grants: access ends when a grant or a team membership does', async () => {
    const ursula = accounts.get('adminByUserGrant')!;
    const tess = accounts.get('adminByTeamGrant')!;
    const onApi = EXISTING[0][1];
    const onAcme = EXISTING[2][1];
    expect(subscriptionAccess(await permissions.scopeOf(ursula), onApi)).toBe('administer');
    expect(subscriptionAccess(await permissions.scopeOf(tess), onApi)).toBe('administer');
    await dataSource.query(`DELETE FROM repository_access WHERE grantee_id = $1`, [ursula.id]);
    await dataSource.query(`DELETE FROM team_members WHERE member_id = $1`, [tess.id]);
    try {
      expect(subscriptionAccess(await permissions.scopeOf(ursula), onApi)).toBe('none');
      expect(subscriptionAccess(await permissions.scopeOf(tess), onApi)).toBe('none');
      expect(await permissions.canSubscribe(tess, ['TAG_PUSH'], target('acme/api'))).toBe(false);
      // Still a member of acme: it sees the namespace, so a subscription to it is 403, not 404.
      expect(subscriptionAccess(await permissions.scopeOf(tess), onAcme)).toBe('see');
    } finally {
      await dataSource.query(
        `INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level)
         VALUES ('acme', 'api', 'user', $1, 'admin')`,
        [ursula.id],
      );
      await dataSource.query(
        `INSERT INTO team_members (team_id, member_id) SELECT id, $1 FROM teams WHERE name = 'ci'`,
        [tess.id],
      );
    }
  });

  it('gives a deactivated account nothing, and AuthService no account for its token', async () => {
    const dora = accounts.get('deactivated')!;
    expect(await permissions.scopeOf(dora)).toBe(NO_ACCESS);
    expect(await permissions.isNamespaceOwner(dora, 'dora')).toBe(false);
    expect(permissions.isSystemAdmin({ ...accounts.get('systemAdmin')!, isActive: false })).toBe(false);

    const token = 'a-token-of-dora';
    const tokens = new ApiTokenRepository(dataSource);
    await tokens.create({ accountId: dora.id, tokenHash: hashToken(token), tokenLabel: 'old' });
    const auth = new AuthService(tokens, new AccountRepository(dataSource), {} as ConsoleSessions);
    expect(await auth.authenticate(`Bearer ${token}`)).toBeNull();
    expect(await auth.authenticate(undefined)).toBeNull();
    await dataSource.query(`UPDATE accounts SET is_active = true WHERE id = $1`, [dora.id]);
    try {
      expect(await auth.authenticate(`Bearer ${token}`)).toMatchObject({ name: 'dora' });
    } finally {
      await dataSource.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [dora.id]);
    }
  });

  it('lets users manage their own tokens, and only system admins re-enable one a system admin turned off', async () => {
    const owner = accounts.get('readOnly')!;
    const admin = accounts.get('systemAdmin')!;
    const other = accounts.get('orgOwner')!;
    expect(permissions.canManageTokensOf(owner, owner)).toBe(true);
    expect(permissions.canManageTokensOf(other, owner)).toBe(false);
    expect(permissions.canManageTokensOf(admin, owner)).toBe(true);

    const token = (deactivatedByAdmin: boolean) => ({ deactivatedByAdmin }) as ApiToken;
    expect(permissions.canReactivateToken(owner, token(false))).toBe(true);
    expect(permissions.canReactivateToken(owner, token(true))).toBe(false);
    expect(permissions.canReactivateToken(admin, token(true))).toBe(true);
  });
});
