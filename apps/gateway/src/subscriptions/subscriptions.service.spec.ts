import { AccessScope, administeredReach, PermissionService, subscriptionAccess } from '@hookyard/auth';
import type { ApiSpecificFields, EventType, SubscriptionApi } from '@hookyard/events';
import fc from 'fast-check';
import {
  ACCESS_LEVELS,
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
  let repository: SubscriptionRepository;
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
  /** Every subscription `account` administers, as a full listing streams them. */
  const administered = async <A extends SubscriptionApi>(account: Account, api: A) => {
    const rows: Subscription[] = [];
    for await (const batch of (await service.listAdministered(account, api)).batches()) rows.push(...batch);
    return rows;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openMigratedDataSource(database.url);
    for (const [role, account] of await seedAccessFixture(dataSource)) accounts.set(role, account as Account);
    permissions = new PermissionService(new AccessRepository(dataSource));
    const publisher = { changed: async () => undefined };
    repository = new SubscriptionRepository(dataSource);
    service = new SubscriptionsService(
      repository,
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
      listed[role] = labels(await administered(accounts.get(role)!, 'dtr'));
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
      const listed = (await administered(accounts.get(role)!, 'dtr')).map((s) => s.id);
      expect({ role, listed: listed.sort() }).toEqual({ role, listed: expected.sort() });
    }
  });

  it('reads in SQL exactly what the rule administers, for any scope', async () => {
    // Subscriptions of every kind the rule tells apart: each target (everything, a namespace, a
    // repository), event types of each required access, several at once, and none.
    const typeSets: EventType[][] = [
      ['TAG_PUSH'],
      ['REPO_CREATED'],
      ['SCANNER_UPDATE_COMPLETED'],
      ['TAG_PUSH', 'REPO_DELETED'],
      ['JOB_SUCCEEDED', 'JOB_FAILED'],
      [],
    ];
    const targets = [null, 'acme', 'acme/api', 'acme/web', 'other', 'other/api', 'nina/tools'];
    for (const key of targets) {
      for (const [i, eventTypes] of typeSets.entries()) {
        await subscribe(`matrix ${key} ${i}`, 'systemAdmin', DTR_FIELDS, eventTypes, key);
      }
    }
    const all = await dataSource.getRepository(Subscription).find({ where: { api: 'dtr' } });
    const names = ['acme', 'other', 'nina'];
    const scopes = fc.record({
      systemAdmin: fc.boolean(),
      owned: fc.subarray(names),
      member: fc.subarray(names),
      grants: fc.array(
        fc.tuple(
          fc.constantFrom(...names),
          fc.constantFrom('api', 'web', 'tools'),
          fc.constantFrom(...ACCESS_LEVELS),
        ),
        { maxLength: 6 },
      ),
      namespaceGrants: fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...ACCESS_LEVELS)), {
        maxLength: 3,
      }),
    });
    await fc.assert(
      fc.asyncProperty(scopes, async ({ systemAdmin, owned, member, grants, namespaceGrants }) => {
        const scope: AccessScope = {
          systemAdmin,
          ownedNamespaces: new Set(owned),
          memberNamespaces: new Set([...owned, ...member]),
          grants: new Map(
            names.map((namespace) => [
              namespace,
              new Map(
                grants.filter(([n]) => n === namespace).map(([, repository, level]) => [repository, level]),
              ),
            ]),
          ),
          namespaceGrants: new Map(namespaceGrants),
        };
        const expected = all.filter((s) => subscriptionAccess(scope, s) === 'administer').map((s) => s.id);
        const listed = (await repository.listWithin('dtr', {}, administeredReach(scope)).page({ size: 100 }))
          .items;
        expect(listed.map((s) => s.id).sort()).toEqual(expected.sort());
      }),
      { numRuns: 150 },
    );
    // 150 scopes, each a listing against PostgreSQL: seconds on a busy machine.
  }, 60_000);
});
