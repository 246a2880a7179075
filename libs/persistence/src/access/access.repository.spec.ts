import { ACCESS_ROLES, createMigratedDatabase, seedAccessFixture, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { Transaction } from '../transactions';
import type { Page } from '../listing/listing';
import { AccessRepository, RepositoryGrant, TeamGrant } from './access.repository';

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
    // A grant on the whole namespace, through a team, has no repository.
    expect((await access.accessOf(idOf('namespaceAdmin'))).grants).toEqual([
      { namespace: 'acme', repository: null, accessLevel: 'admin' },
    ]);
  });

  it('grants a team a namespace, pages the namespace grants by team name, and revokes', async () => {
    const [{ id: ci }] = await dataSource.query(`SELECT id FROM teams WHERE name = 'ci'`);
    await access.grantNamespace({ namespace: 'acme', teamId: ci, accessLevel: 'read-only' });
    await access.grantNamespace({ namespace: 'acme', teamId: ci, accessLevel: 'read-write' });
    expect(await access.findNamespaceGrant('acme', ci)).toMatchObject({ accessLevel: 'read-write' });
    const listing = access.listNamespaceGrants('acme');
    const names = (page: Page<TeamGrant>) =>
      page.items.map((grant) => `${grant.team.name}:${grant.accessLevel}`);
    const first = await listing.page({ size: 2 });
    expect(names(first)).toEqual(['ci:read-write', 'platform:admin']);
    const rest = await listing.page({ size: 2, start: first.nextStart });
    expect(names(rest)).toEqual(['viewers:read-only']);
    expect(rest.nextStart).toBeUndefined();
    expect(await access.revokeNamespace('acme', ci)).toBe(true);
    expect(await access.revokeNamespace('acme', ci)).toBe(false);
    expect(await access.findNamespaceGrant('acme', ci)).toBeNull();
  });

  it("pages a team's repository grants, and drops a team's grants of both kinds with the team", async () => {
    const [{ id: platform }] = await dataSource.query(`SELECT id FROM teams WHERE name = 'platform'`);
    await dataSource.query(
      `INSERT INTO registry_repositories (namespace, name) VALUES ('acme', 'a'), ('acme', 'b'), ('acme', 'c')`,
    );
    for (const repository of ['b', 'a', 'c']) {
      await access.grant({
        namespace: 'acme',
        repository,
        granteeKind: 'team',
        granteeId: platform,
        accessLevel: 'admin',
      });
    }
    const repositories = (page: Page<RepositoryGrant>) =>
      page.items.map(
        ({ repository, accessLevel }) => `${repository.namespace}/${repository.name}:${accessLevel}`,
      );
    const listing = access.listTeamRepositoryGrants(platform);
    const first = await listing.page({ size: 1 });
    expect(repositories(first)).toEqual(['acme/a:admin']);
    // The repository as a RepositoryRecord: its namespace is an organization.
    expect(first.items[0].repository).toMatchObject({ namespace: 'acme', name: 'a', namespaceIsOrg: true });
    expect(repositories(await listing.page({ size: 5, start: first.nextStart }))).toEqual([
      'acme/b:admin',
      'acme/c:admin',
    ]);
    await dataSource.transaction((manager) => access.revokeAllOf('team', platform, new Transaction(manager)));
    expect((await listing.page({ size: 5 })).items).toEqual([]);
    expect(await access.findNamespaceGrant('acme', platform)).toBeNull();
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
