import { ACCESS_ROLES, createMigratedDatabase, seedAccessFixture, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { AccessRepository } from './access.repository';

/** Grants and what permissions are read from, against the real PostgreSQL (the access fixture's accounts). */
describe('AccessRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let access: AccessRepository;
  let idOf: (role: keyof typeof ACCESS_ROLES) => string;

  const sorted = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    access = new AccessRepository(dataSource);
    const accounts = await seedAccessFixture(dataSource);
    idOf = (role) => accounts.get(role)!.id;
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("reads an account's organizations and every grant to it and to its teams", async () => {
    const rowan = await access.accessOf(idOf('readWrite'));
    expect(rowan.organizations).toEqual([{ name: 'acme', isOwner: false }]);
    expect(sorted(rowan.grants)).toEqual([
      { namespace: 'acme', repository: 'api', accessLevel: 'read-write' },
      { namespace: 'acme', repository: 'web', accessLevel: 'admin' },
      { namespace: 'other', repository: 'api', accessLevel: 'admin' },
    ]);
    // A grant to the user and one to its team on the same repository: both are read.
    expect(sorted((await access.accessOf(idOf('deactivated'))).grants)).toEqual([
      { namespace: 'acme', repository: 'api', accessLevel: 'admin' },
      { namespace: 'acme', repository: 'api', accessLevel: 'admin' },
    ]);
    expect(await access.accessOf(idOf('orgOwner'))).toEqual({
      organizations: [{ name: 'acme', isOwner: true }],
      grants: [],
    });
    expect(await access.accessOf(idOf('userNamespaceOwner'))).toEqual({ organizations: [], grants: [] });
  });

  it('grants, changes the level of a grant, lists grants by kind and revokes', async () => {
    const nina = idOf('userNamespaceOwner');
    const grant = { namespace: 'nina', repository: 'tools', granteeKind: 'user' as const, granteeId: nina };
    await access.grant({ ...grant, accessLevel: 'read-only' });
    await access.grant({ ...grant, accessLevel: 'admin' });
    expect(await access.listGrants('nina', 'tools', 'user')).toEqual([{ ...grant, accessLevel: 'admin' }]);
    expect(await access.listGrants('nina', 'tools', 'team')).toEqual([]);
    expect((await access.listGrants('acme', 'api', 'team')).map((g) => g.accessLevel).sort()).toEqual([
      'admin',
      'read-write',
    ]);
    expect(await access.revoke(grant)).toBe(true);
    expect(await access.revoke(grant)).toBe(false);
    expect(await access.listGrants('nina', 'tools', 'user')).toEqual([]);
  });

  it("lists a repository's team grants by team name, a page at a time", async () => {
    const first = await access.listTeamGrants('acme', 'api').page({ size: 1 });
    expect(first.items.map(({ team, accessLevel }) => [team.name, accessLevel])).toEqual([['ci', 'admin']]);
    const rest = await access.listTeamGrants('acme', 'api').page({ size: 5, start: first.nextStart });
    expect(rest.items.map(({ team, accessLevel }) => [team.name, accessLevel])).toEqual([
      ['writers', 'read-write'],
    ]);
    expect(rest.nextStart).toBeUndefined();
    expect((await access.listTeamGrants('nina', 'tools').page({ size: 5 })).items).toEqual([]);
  });
});
