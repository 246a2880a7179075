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
import { ApiError } from '@hookyard/http';
import { activation, SubscriptionsService } from './subscriptions.service';

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
      { subscriptions: { perAccount: 0, storedPerAccount: 0 } },
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

  describe('caps on subscriptions per account', () => {
    let capped: SubscriptionsService;
    const accountNamed = async (name: string, isAdmin = false) => {
      const [row] = (await dataSource.query(
        'INSERT INTO accounts (name, is_admin) VALUES ($1, $2) RETURNING id',
        [name, isAdmin],
      )) as Array<{ id: string }>;
      return { id: row.id, name, isAdmin } as Account;
    };
    const create = (author: Account, service = capped) =>
      service.create(author, {
        ...DTR_FIELDS,
        eventTypes: ['TAG_PUSH'],
        namespace: author.name,
        repository: 'app',
        key: `${author.name}/app`,
        endpoint: 'https://example.com/capped',
      });
    const refusal = (cap: number, active: number) =>
      expect.objectContaining({ code: 'TOO_MANY_WEBHOOKS', detail: { limit: cap, active } });

    beforeAll(() => {
      capped = new SubscriptionsService(
        repository,
        { changed: async () => undefined } as unknown as SubscriptionChangePublisher,
        permissions,
        { subscriptions: { perAccount: 3, storedPerAccount: 5 } },
      );
    });

    it('refuses the author past the cap; pausing or deleting one makes room, turning one on counts', async () => {
      const carl = await accountNamed('carl');
      const made = [await create(carl), await create(carl), await create(carl)];
      const refused = await create(carl).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toEqual(refusal(3, 3));
      expect((refused as ApiError).getStatus()).toBe(403);
      expect((refused as ApiError).message).toMatch(/at most 3 active webhooks.*has 3/);

      await capped.update(made[0], activation(made[0], false));
      const fourth = await create(carl);
      await expect(capped.update(made[0], activation(made[0], true))).rejects.toEqual(refusal(3, 3));
      expect((await repository.findById(made[0].id))?.inactive).toBe(true);

      await capped.remove(fourth);
      await capped.update(made[0], activation(made[0], true));
      expect((await repository.findById(made[0].id))?.inactive).toBe(false);
      // Changes that leave an active subscription active are not counted.
      await capped.update(made[1], { endpoint: 'https://example.com/moved' });
      // Another account's count is its own; 0 is no cap.
      await create(await accountNamed('dave'));
      const uncapped = new SubscriptionsService(
        repository,
        { changed: async () => undefined } as unknown as SubscriptionChangePublisher,
        permissions,
        { subscriptions: { perAccount: 0, storedPerAccount: 0 } },
      );
      await create(carl, uncapped);
    });

    it('caps what an author keeps in all, paused ones included: creating and pausing in turn stops there', async () => {
      const fay = await accountNamed('fay');
      const made = [await create(fay), await create(fay), await create(fay)];
      for (const subscription of made.slice(0, 2)) {
        await capped.update(subscription, activation(subscription, false));
        made.push(await create(fay));
      }
      await capped.update(made[2], activation(made[2], false));
      const refused = await create(fay).catch((error: unknown) => error);
      expect(refused).toEqual(
        expect.objectContaining({ code: 'TOO_MANY_WEBHOOKS', detail: { limit: 5, stored: 5 } }),
      );
      expect((refused as ApiError).getStatus()).toBe(403);
      expect((refused as ApiError).message).toMatch(
        /at most 5 webhooks, active or paused.*has 5: delete one first/,
      );
      // Turning a kept one on again adds no row: only the active cap counts.
      await capped.update(made[2], activation(made[2], true));

      await capped.remove(made[2]);
      await create(fay);
    });

    it('does not count a system admin', async () => {
      const admin = await accountNamed('ada', true);
      for (let i = 0; i < 5; i++) await create(admin);
    });

    it('lets parallel creates of one author past the cap not at all', async () => {
      // Without the author's row lock in saveWithinCap, 4 of 40 got through here.
      const eve = await accountNamed('eve');
      const results = await Promise.allSettled(Array.from({ length: 40 }, () => create(eve)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const result of results.filter((r) => r.status === 'rejected')) {
        expect(result.reason).toEqual(refusal(3, 3));
      }
      const [{ active }] = (await dataSource.query(
        'SELECT count(*)::int AS active FROM subscriptions WHERE author_id = $1 AND NOT inactive',
        [eve.id],
      )) as Array<{ active: number }>;
      expect(active).toBe(3);
    });
  });
});
