import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { Transaction } from '../transactions';
import { RegistryRepositoryRepository } from './registry-repository.repository';

/** Repository objects against the real PostgreSQL with the migrations' schema. */
describe('RegistryRepositoryRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let repositories: RegistryRepositoryRepository;

  const names = async (query: Parameters<RegistryRepositoryRepository['list']>[0]) =>
    (await repositories.list(query).page({ size: 10 })).items.map((r) => `${r.namespace}/${r.name}`);

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    repositories = new RegistryRepositoryRepository(dataSource);
    await dataSource.query(`INSERT INTO accounts (name, is_org) VALUES ('acme', true), ('rita', false)`);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('makes a repository once, not announced, with DTR defaults and whether its namespace is an org', async () => {
    const api = { namespace: 'acme', name: 'team/api' };
    expect(await repositories.findByName(api)).toBeNull();
    const first = await repositories.insertIfMissing({ ...api, createdAt: '2026-01-02T03:04:05.000Z' });
    expect(first).toEqual({
      created: true,
      record: expect.objectContaining({
        ...api,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        namespaceIsOrg: true,
        visibility: 'private',
        shortDescription: '',
        scanOnPush: false,
        tagLimit: 0,
        pulls: 0,
        pushes: 0,
        announced: false,
        createdAt: new Date('2026-01-02T03:04:05.000Z'),
      }),
    });
    const again = await repositories.insertIfMissing({ ...api, shortDescription: 'ignored' });
    expect(again).toEqual({
      created: false,
      record: expect.objectContaining({ id: first.record.id, shortDescription: '' }),
    });
    await repositories.markAnnounced([first.record.id]);
    expect(await repositories.findByName(api)).toMatchObject({ announced: true });
    const own = await repositories.insertIfMissing({
      namespace: 'rita',
      name: 'tools',
      visibility: 'public',
    });
    expect(own.record).toMatchObject({ namespaceIsOrg: false, visibility: 'public' });
    // A namespace without an account (a registry push to any name) is not an organization.
    expect(
      (await repositories.insertIfMissing({ namespace: 'nobody', name: 'x' })).record.namespaceIsOrg,
    ).toBe(false);
  });

  it('changes settings, and deletes one repository or a whole namespace, returning them as they were', async () => {
    const web = { namespace: 'acme', name: 'web' };
    await repositories.insertIfMissing(web);
    expect(await repositories.update(web, { shortDescription: 'the site', tagLimit: 5 })).toMatchObject({
      shortDescription: 'the site',
      tagLimit: 5,
    });
    expect(await repositories.update({ namespace: 'acme', name: 'none' }, { tagLimit: 1 })).toBeNull();
    expect(await repositories.delete(web)).toMatchObject({ ...web, shortDescription: 'the site' });
    expect(await repositories.delete(web)).toBeNull();
    const made = await repositories.insertIfMissing(web);
    expect(made.created).toBe(true);

    await repositories.insertIfMissing({ namespace: 'gone', name: 'a' });
    await repositories.insertIfMissing({ namespace: 'gone', name: 'b' });
    const deleted = await dataSource.transaction((manager) =>
      repositories.deleteNamespace('gone', new Transaction(manager)),
    );
    expect(deleted.map((r) => r.name).sort()).toEqual(['a', 'b']);
    expect(await repositories.findByName({ namespace: 'gone', name: 'a' })).toBeNull();
  });

  it('pages by namespace and name, within a namespace and a reach', async () => {
    expect(await names({ reach: 'everything' })).toEqual([
      'acme/team/api',
      'acme/web',
      'nobody/x',
      'rita/tools',
    ]);
    const everything = repositories.list({ reach: 'everything' });
    const first = await everything.page({ size: 2 });
    expect(first.items.map((r) => r.name)).toEqual(['team/api', 'web']);
    // Listed as found by name: the same record, whether its namespace is an organization's included.
    expect(first.items[1]).toEqual(await repositories.findByName({ namespace: 'acme', name: 'web' }));
    const rest = await everything.page({ size: 2, start: first.nextStart });
    expect(rest.items.map((r) => `${r.namespace}/${r.name}`)).toEqual(['nobody/x', 'rita/tools']);
    expect(rest.nextStart).toBeUndefined();
    expect(await names({ namespace: 'acme', reach: 'everything' })).toEqual(['acme/team/api', 'acme/web']);
    const reach = { namespaces: ['rita'], repositories: [{ namespace: 'acme', repository: 'web' }] };
    expect(await names({ reach })).toEqual(['acme/web', 'rita/tools']);
    expect(await names({ namespace: 'acme', reach })).toEqual(['acme/web']);
    // A repository granted within a namespace read whole is listed once.
    const within = { namespaces: ['rita'], repositories: [{ namespace: 'rita', repository: 'tools' }] };
    expect(await names({ reach: within })).toEqual(['rita/tools']);
    expect(await names({ reach: { namespaces: [], repositories: [] } })).toEqual([]);
  });
});
