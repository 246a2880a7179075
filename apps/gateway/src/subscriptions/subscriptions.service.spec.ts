import { PermissionService, subscriptionAccess } from '@hookyard/auth';
import type { AlaudaSubjectType, ApiSpecificFields, EventType } from '@hookyard/events';
import { Account, openMigratedDataSource, Subscription } from '@hookyard/persistence';
import type { SubscriptionChangePublisher } from '@hookyard/queue';
import {
  ACCESS_ROLES,
  AccessRole,
  createTestDatabase,
  seedAccessFixture,
  TestDatabase,
} from '@hookyard/testing';
import { DataSource, IsNull, Raw } from 'typeorm';
import { SubscriptionsService } from './subscriptions.service';

/** The subscription store's SQL against the real PostgreSQL, with the accounts of every role. */
describe('SubscriptionsService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let permissions: PermissionService;
  let service: SubscriptionsService;
  const announced: string[] = [];
  const accounts = new Map<AccessRole, Account>();
  const made = new Map<string, Subscription>();

  const dtr: ApiSpecificFields = { api: 'dtr', apiFields: {} };
  const alauda = (subjectType: AlaudaSubjectType, id: number): ApiSpecificFields => ({
    api: 'alauda',
    apiFields: {
      id,
      name: subjectType,
      subject_type: subjectType,
      subject: 'acme/api',
      events: [],
      created_by: 'tess',
      updated_at: '2026-11-23T06:00:00.000Z',
    },
  });

  const subscribe = (
    label: string,
    author: AccessRole,
    api: ApiSpecificFields,
    eventTypes: EventType[],
    key: string | null,
  ) => {
    const [namespace = null, repository = null] = key ? key.split('/') : [];
    return service
      .create(accounts.get(author)!, {
        ...api,
        eventTypes,
        namespace,
        repository,
        key,
        endpoint: `https://example.com/${label}`,
      })
      .then((subscription) => made.set(label, subscription));
  };
  const labels = (subscriptions: Subscription[]) =>
    subscriptions.map((s) => [...made].find(([, m]) => m.id === s.id)?.[0]);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openMigratedDataSource(database.url);
    for (const [role, account] of await seedAccessFixture(dataSource)) accounts.set(role, account as Account);
    permissions = new PermissionService(dataSource);
    const publisher = { changed: async (id: string) => void announced.push(id) };
    service = new SubscriptionsService(
      dataSource.getRepository(Subscription),
      publisher as unknown as SubscriptionChangePublisher,
      permissions,
    );
    await subscribe('api-by-ursula', 'adminByUserGrant', dtr, ['TAG_PUSH'], 'acme/api');
    await subscribe('api-by-root', 'systemAdmin', dtr, ['MANIFEST_PUSH'], 'acme/api');
    await subscribe('acme-namespace', 'orgOwner', dtr, ['TAG_PUSH'], 'acme');
    await subscribe('acme-repo-created', 'orgOwner', dtr, ['REPO_CREATED'], 'acme');
    await subscribe('web', 'readWrite', dtr, ['TAG_DELETE'], 'acme/web');
    await subscribe('other-api', 'readWrite', dtr, ['TAG_DELETE'], 'other/api');
    await subscribe('nina-tools', 'userNamespaceOwner', dtr, ['TAG_PUSH'], 'nina/tools');
    await subscribe('scanner', 'systemAdmin', dtr, ['SCANNER_UPDATE_COMPLETED'], null);
    await subscribe('everything', 'systemAdmin', dtr, ['TAG_PUSH'], null);
    await subscribe('alauda-image', 'adminByTeamGrant', alauda('image_repo', 1), ['TAG_PUSH'], 'acme/api');
    await subscribe(
      'alauda-build',
      'adminByTeamGrant',
      alauda('build_repo', 2),
      ['BUILD_COMPLETED'],
      'acme/api',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('lists what each role administers now, whoever made it, and nothing the rule refuses', async () => {
    const listed: Record<string, unknown[]> = {};
    for (const role of Object.keys(ACCESS_ROLES) as AccessRole[]) {
      listed[role] = labels(await service.listAdministered(accounts.get(role)!, 'dtr'));
    }
    expect(listed).toEqual({
      readOnly: [],
      // Admin of acme/web and other/api: neither name alone reaches acme/api.
      readWrite: ['web', 'other-api'],
      adminByUserGrant: ['api-by-ursula', 'api-by-root'],
      adminByTeamGrant: ['api-by-ursula', 'api-by-root'],
      orgOwner: ['api-by-ursula', 'api-by-root', 'acme-namespace', 'acme-repo-created', 'web'],
      orgMember: [],
      userNamespaceOwner: ['nina-tools'],
      systemAdmin: [...made.keys()].filter((label) => !label.startsWith('alauda')),
      deactivated: [],
    });
  });

  it('narrows in SQL no further than the rule: every subscription a role administers is listed', async () => {
    const all = await dataSource.getRepository(Subscription).find({ where: { api: 'dtr' } });
    for (const role of Object.keys(ACCESS_ROLES) as AccessRole[]) {
      const scope = await permissions.scopeOf(accounts.get(role)!);
      const expected = all.filter((s) => subscriptionAccess(scope, s) === 'administer').map((s) => s.id);
      const listed = (await service.listAdministered(accounts.get(role)!, 'dtr')).map((s) => s.id);
      expect({ role, listed: listed.sort() }).toEqual({ role, listed: expected.sort() });
    }
  });

  it("takes each API's own filters, JSON fields included", async () => {
    const tess = accounts.get('adminByTeamGrant')!;
    const builds = Raw((alias) => `${alias} ->> 'subject_type' = :type`, { type: 'build_repo' });
    expect(labels(await service.listAdministered(tess, 'alauda', { apiFields: builds }))).toEqual([
      'alauda-build',
    ]);
    expect(labels(await service.listAdministered(tess, 'alauda', { key: 'acme/web' }))).toEqual([]);
    const olivia = accounts.get('orgOwner')!;
    expect(
      labels(await service.listAdministered(olivia, 'dtr', { namespace: 'acme', repository: IsNull() })),
    ).toEqual(['acme-namespace', 'acme-repo-created']);
    expect(
      await service.findOneWhere('alauda', {
        apiFields: Raw((alias) => `${alias} ->> 'subject_type' = :type`, { type: 'image_repo' }),
      }),
    ).toMatchObject({ id: made.get('alauda-image')!.id });
  });

  it("deactivates every active subscription of one author in the caller's transaction, with the reason", async () => {
    const olivia = accounts.get('orgOwner')!;
    const paused = made.get('acme-repo-created')!;
    await service.update(paused, { inactive: true, inactiveReason: 'paused' });
    announced.length = 0;

    const rolledBack = dataSource.transaction(async (manager) => {
      expect(await service.deactivateAuthoredBy(manager, olivia.id)).toEqual([
        made.get('acme-namespace')!.id,
      ]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await service.findOne('dtr', made.get('acme-namespace')!.id)).toMatchObject({ inactive: false });

    const ids = await dataSource.transaction((manager) => service.deactivateAuthoredBy(manager, olivia.id));
    await service.announce(ids);
    expect(announced).toEqual([made.get('acme-namespace')!.id]);
    const rows = await dataSource.query(
      `SELECT key, inactive, inactive_reason FROM subscriptions WHERE author_id = $1 ORDER BY created_at`,
      [olivia.id],
    );
    expect(rows).toEqual([
      { key: 'acme', inactive: true, inactive_reason: 'author-deactivated' },
      // Already off: keeps its own reason.
      { key: 'acme', inactive: true, inactive_reason: 'paused' },
    ]);
  });
});
