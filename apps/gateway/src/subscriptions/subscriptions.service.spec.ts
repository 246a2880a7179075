import { PermissionService, subscriptionAccess } from '@hookyard/auth';
import type { ApiSpecificFields, EventType } from '@hookyard/events';
import {
  AccessRepository,
  Account,
  openMigratedDataSource,
  Subscription,
  SubscriptionRepository,
} from '@hookyard/persistence';
import type { SubscriptionChangePublisher } from '@hookyard/queue';
import {
  ACCESS_ROLES,
  AccessRole,
  alaudaFields,
  createTestDatabase,
  DTR_FIELDS,
  seedAccessFixture,
  TestDatabase,
} from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { SubscriptionsService } from './subscriptions.service';

/** Listing by permission against the real PostgreSQL, with the accounts of every role. */
describe('SubscriptionsService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let permissions: PermissionService;
  let service: SubscriptionsService;
  const accounts = new Map<AccessRole, Account>();
  const made = new Map<string, Subscription>();

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
    permissions = new PermissionService(new AccessRepository(dataSource));
    const publisher = { changed: async () => undefined };
    service = new SubscriptionsService(
      new SubscriptionRepository(dataSource),
      publisher as unknown as SubscriptionChangePublisher,
      permissions,
    );
    await subscribe('api-by-ursula', 'adminByUserGrant', DTR_FIELDS, ['TAG_PUSH'], 'acme/api');
    await subscribe('api-by-root', 'systemAdmin', DTR_FIELDS, ['MANIFEST_PUSH'], 'acme/api');
    await subscribe('acme-namespace', 'orgOwner', DTR_FIELDS, ['TAG_PUSH'], 'acme');
    await subscribe('acme-repo-created', 'orgOwner', DTR_FIELDS, ['REPO_CREATED'], 'acme');
    await subscribe('web', 'readWrite', DTR_FIELDS, ['TAG_DELETE'], 'acme/web');
    await subscribe('other-api', 'readWrite', DTR_FIELDS, ['TAG_DELETE'], 'other/api');
    await subscribe('nina-tools', 'userNamespaceOwner', DTR_FIELDS, ['TAG_PUSH'], 'nina/tools');
    await subscribe('scanner', 'systemAdmin', DTR_FIELDS, ['SCANNER_UPDATE_COMPLETED'], null);
    await subscribe('everything', 'systemAdmin', DTR_FIELDS, ['TAG_PUSH'], null);
    await subscribe(
      'alauda-image',
      'adminByTeamGrant',
      alaudaFields('image_repo', 1),
      ['TAG_PUSH'],
      'acme/api',
    );
    await subscribe(
      'alauda-build',
      'adminByTeamGrant',
      alaudaFields('build_repo', 2),
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
      // Admin of every repository of acme (its team's namespace grant), not its owner: no REPO_*.
      namespaceAdmin: ['api-by-ursula', 'api-by-root', 'acme-namespace', 'web'],
      namespaceReader: [],
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
});
