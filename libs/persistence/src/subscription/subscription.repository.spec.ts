import type { ApiSpecificFields, EventType, QuayApiFields, SubscriptionApi } from '@hookyard/events';
import {
  alaudaFields,
  createMigratedDatabase,
  DTR_FIELDS,
  MigratedDatabase,
  quayFields,
  SubscriptionColumns,
  subscriptionRow,
} from '@hookyard/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatabaseTransactions } from '../transactions';
import { InvalidPageStart } from '../listing/keyset';
import type { Listing } from '../listing/listing';
import { SubscriptionFilter, SubscriptionReach, SubscriptionRepository } from './subscription.repository';

type Columns = SubscriptionColumns;

/** Every row of a listing, read from its cursor. */
async function everyOne<T>(listing: Listing<T>): Promise<T[]> {
  const rows: T[] = [];
  for await (const batch of listing.batches()) rows.push(...batch);
  return rows;
}

/** The ids of every row, following the listing's pages of 100 from the first. */
async function pagedIds(listing: Listing<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  let start: string | undefined;
  do {
    const page = await listing.page({ size: 100, start });
    ids.push(...page.items.map(({ id }) => id));
    start = page.nextStart;
  } while (start);
  return ids;
}

/** The subscriptions table's SQL against the real PostgreSQL with the migrations' schema. */
describe('SubscriptionRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let subscriptions: SubscriptionRepository;
  let transactions: DatabaseTransactions;
  const author = randomUUID();
  const ids = new Map<string, string>();

  const make = async (
    label: string,
    key: string | null,
    fields: Partial<Columns> = {},
    api: ApiSpecificFields = DTR_FIELDS,
  ) => {
    const saved = await subscriptions.create(subscriptionRow(key, api, { authorId: author, ...fields }));
    ids.set(label, saved.id);
    return saved;
  };
  const labels = (rows: Array<{ id: string }>) =>
    rows.map(({ id }) => [...ids].find(([, known]) => known === id)?.[0]);
  const columns = async (id: string) =>
    (
      await dataSource.query(
        `SELECT inactive, inactive_reason, consecutive_failures, last_successful_at
           FROM subscriptions WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    subscriptions = new SubscriptionRepository(dataSource);
    transactions = new DatabaseTransactions(dataSource);
    await make('acme-api', 'acme/api');
    await make('acme', 'acme', { eventTypes: ['REPO_CREATED'] });
    await make('acme-web', 'acme/web');
    await make('other-api', 'other/api');
    await make('everything', null);
    await make('quay-acme-api', 'acme/api', {}, quayFields({ uuid: 'u-1' }));
    await make('alauda-image', 'acme/api', {}, alaudaFields('image_repo', 7));
    await make('alauda-build', 'acme/api', {}, alaudaFields('build_repo', 8));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('creates a subscription with its columns and the time PostgreSQL gave it', async () => {
    const saved = await subscriptions.findById(ids.get('alauda-image')!);
    expect(saved).toMatchObject({
      api: 'alauda',
      key: 'acme/api',
      namespace: 'acme',
      repository: 'api',
      eventTypes: ['TAG_PUSH'],
      apiFields: { id: 7, subject_type: 'image_repo', subject: 'acme/api' },
      inactive: false,
      inactiveReason: null,
    });
    expect(saved!.createdAt).toBeInstanceOf(Date);
  });

  it('finds a subscription only through its own API', async () => {
    expect(await subscriptions.findOfApi('dtr', ids.get('acme-api')!)).toMatchObject({ key: 'acme/api' });
    expect(await subscriptions.findOfApi('quay', ids.get('acme-api')!)).toBeNull();
    expect(await subscriptions.findById('0'.repeat(64))).toBeNull();
  });

  it("finds one by the API's own fields and its columns", async () => {
    const alaudaHook = (id: string) =>
      subscriptions.findOne('alauda', { apiField: { name: 'id', value: id } });
    expect(labels([(await alaudaHook('8'))!])).toEqual(['alauda-build']);
    expect(await alaudaHook('9')).toBeNull();
    const quay = (namespace: string) =>
      subscriptions.findOne('quay', {
        namespace,
        repository: 'api',
        apiField: { name: 'uuid', value: 'u-1' },
      });
    expect(labels([(await quay('acme'))!])).toEqual(['quay-acme-api']);
    expect(await quay('other')).toBeNull();
  });

  it('lists within a reach, pairing repository grants by name, oldest first', async () => {
    const reach = (
      namespaces: string[],
      repositories: Array<{ namespace: string; repository: string }>,
      excluded: { inNamespaces?: EventType[]; inRepositories?: EventType[] } = {},
    ): SubscriptionReach => ({
      namespaces,
      repositories,
      excludedInNamespaces: excluded.inNamespaces ?? [],
      excludedInRepositories: excluded.inRepositories ?? [],
    });
    const dtr = (within: SubscriptionReach) =>
      everyOne(subscriptions.listWithin('dtr', {}, within)).then(labels);
    expect(await dtr('everything')).toEqual(['acme-api', 'acme', 'acme-web', 'other-api', 'everything']);
    expect(await dtr(reach(['acme'], []))).toEqual(['acme-api', 'acme', 'acme-web']);
    // Admin of acme/web and other/api: neither name alone reaches acme/api.
    const pairs = [
      { namespace: 'acme', repository: 'web' },
      { namespace: 'other', repository: 'api' },
    ];
    expect(await dtr(reach([], pairs))).toEqual(['acme-web', 'other-api']);
    expect(await dtr(reach([], []))).toEqual([]);
    // Event types the access does not cover keep their subscriptions out, each part its own.
    expect(await dtr(reach(['acme'], [], { inNamespaces: ['REPO_CREATED'] }))).toEqual([
      'acme-api',
      'acme-web',
    ]);
    expect(await dtr(reach([], pairs, { inRepositories: ['TAG_PUSH'], inNamespaces: ['TAG_PUSH'] }))).toEqual(
      [],
    );
  });

  it('filters a listing by namespace, the namespace as a whole, key and API fields', async () => {
    const list = <A extends SubscriptionApi>(api: A, filter: SubscriptionFilter<A>) =>
      everyOne(subscriptions.listWithin(api, filter, 'everything')).then(labels);
    expect(await list('dtr', { namespace: 'acme', repository: 'api' })).toEqual(['acme-api']);
    expect(await list('dtr', { namespace: 'acme', repository: null })).toEqual(['acme']);
    expect(await list('dtr', { key: 'other/api' })).toEqual(['other-api']);
    expect(await list('alauda', { apiField: { name: 'subject_type', value: 'build_repo' } })).toEqual([
      'alauda-build',
    ]);
    expect(await list('alauda', { key: 'acme/web' })).toEqual([]);
  });

  it('lists every API within a reach, and pages an overview newest first with its filters', async () => {
    const nothingExcluded = { excludedInNamespaces: [], excludedInRepositories: [] };
    const overview = (
      filter: Parameters<SubscriptionRepository['listOverview']>[0],
      reach: Parameters<SubscriptionRepository['listOverview']>[1] = {
        namespaces: ['acme'],
        repositories: [],
        ...nothingExcluded,
      },
    ) => everyOne(subscriptions.listOverview(filter, reach)).then(labels);
    expect(await overview({}, { namespaces: [], repositories: [], ...nothingExcluded })).toEqual([]);
    expect(
      (
        await overview(
          {},
          { namespaces: [], repositories: [{ namespace: 'acme', repository: 'api' }], ...nothingExcluded },
        )
      ).sort(),
    ).toEqual(['acme-api', 'alauda-build', 'alauda-image', 'quay-acme-api']);
    const newestFirst = ['alauda-build', 'alauda-image', 'quay-acme-api', 'acme-web', 'acme', 'acme-api'];
    expect(await overview({})).toEqual(newestFirst);
    expect(await overview({ api: 'alauda' })).toEqual(['alauda-build', 'alauda-image']);
    expect(await overview({ eventType: 'REPO_CREATED' })).toEqual(['acme']);
    expect(await overview({ namespace: 'acme', repository: 'web' })).toEqual(['acme-web']);
    expect(await overview({ namespace: 'other' }, 'everything')).toEqual(['other-api']);

    // Text: endpoint, key or the API's name/title, case-insensitive; LIKE's wildcards are literal.
    await make(
      'titled',
      'acme/titled',
      { endpoint: 'https://hooks.example.org/100%_real' },
      quayFields({ uuid: 'u-9', title: 'Release Notify' }),
    );
    expect(await overview({ text: 'release notify' })).toEqual(['titled']);
    expect(await overview({ text: 'acme/web' })).toEqual(['acme-web']);
    expect(await overview({ text: '100%_r' })).toEqual(['titled']);
    expect(await overview({ text: '1%0' })).toEqual([]);
    expect(await overview({ text: 'a_me' })).toEqual([]);

    await make('failing', 'acme/failing', { consecutiveFailures: 2 });
    await make('off', 'acme/off', { inactive: true, inactiveReason: 'paused', consecutiveFailures: 3 });
    expect(await overview({ health: 'failing' })).toEqual(['failing']);
    expect(await overview({ health: 'inactive' })).toEqual(['off']);
    expect(await overview({ health: 'healthy' })).toEqual(['titled', ...newestFirst]);

    // A page holds only what the reach shows: REPO_CREATED is excluded in owned namespaces here.
    const withoutRepoCreated = { ...nothingExcluded, excludedInNamespaces: ['REPO_CREATED' as const] };
    const page = await subscriptions
      .listOverview({}, { namespaces: ['acme'], repositories: [], ...withoutRepoCreated })
      .page({ size: 100 });
    expect(labels(page.items)).toEqual([
      'off',
      'failing',
      'titled',
      ...newestFirst.filter((l) => l !== 'acme'),
    ]);
  });

  it('pages and streams a listing in one order, every row once, microseconds and ties included', async () => {
    // 1,203 subscriptions: groups of three share a timestamp (the id decides), and the timestamps
    // differ by microseconds within one millisecond, which a JavaScript Date cannot tell apart.
    await dataSource.query(
      `INSERT INTO subscriptions (id, api, event_types, key, namespace, repository, endpoint, author_id, secret, created_at)
       SELECT md5(i::text) || md5((-i)::text), 'dtr', '{TAG_PUSH}', 'paging/api', 'paging', 'api',
              'https://example.com/hook', $1, 'whsec_c2VjcmV0',
              timestamptz '2031-01-01T00:00:00Z' + (i / 3) * interval '1 microsecond'
         FROM generate_series(1, 1203) AS i`,
      [author],
    );
    const expected = (
      (await dataSource.query(
        `SELECT id FROM subscriptions WHERE namespace = 'paging' ORDER BY created_at, id`,
      )) as Array<{ id: string }>
    ).map(({ id }) => id);
    const listings = [
      subscriptions.listWithin('dtr', { namespace: 'paging' }, 'everything'),
      subscriptions.listWithin(
        'dtr',
        {},
        {
          namespaces: [],
          excludedInNamespaces: [],
          repositories: [{ namespace: 'paging', repository: 'api' }],
          excludedInRepositories: [],
        },
      ),
    ];
    for (const listing of listings) {
      expect(await pagedIds(listing)).toEqual(expected);
      expect((await everyOne(listing)).map(({ id }) => id)).toEqual(expected);
    }
    // The console's overview: the same rows newest first, of everything and within a reach.
    const overviews = [
      subscriptions.listOverview({ namespace: 'paging' }, 'everything'),
      subscriptions.listOverview(
        {},
        { namespaces: ['paging'], excludedInNamespaces: [], repositories: [], excludedInRepositories: [] },
      ),
    ];
    for (const listing of overviews) {
      expect(await pagedIds(listing)).toEqual([...expected].reverse());
    }
    const first = await listings[0].page({ size: 1 });
    expect(first.items[0]).toEqual(await subscriptions.findById(expected[0]));
  });

  it('refuses a page start it did not hand out', async () => {
    const listing = subscriptions.listWithin('dtr', {}, 'everything');
    const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const start of [
      'not a token',
      token(['2031-01-01T00:00:00.000000Z']),
      token(['2031-02-30T00:00:00.000000Z', 'a']),
      token(['2031-01-01 00:00:00+00', 'a']),
      token(['2031-01-01T00:00:00.000000Z', 'a\0']),
      token({ createdAt: '2031-01-01T00:00:00.000000Z' }),
    ]) {
      await expect(listing.page({ size: 1, start })).rejects.toBeInstanceOf(InvalidPageStart);
    }
    const afterEverything = await listing.page({
      size: 1,
      start: token(['9999-12-31T00:00:00.000000Z', 'z']),
    });
    expect(afterEverything).toEqual({ items: [], nextStart: undefined });
  });

  it('saves changed columns and deletes', async () => {
    const subscription = await make('changed', 'acme/tmp');
    subscription.endpoint = 'https://example.com/new';
    await subscriptions.save(subscription);
    expect(await subscriptions.findById(subscription.id)).toMatchObject({
      endpoint: 'https://example.com/new',
    });
    await subscriptions.delete(subscription.id);
    expect(await subscriptions.findById(subscription.id)).toBeNull();
  });

  it("deactivates one author's active subscriptions in the caller's transaction, with the reason", async () => {
    const olivia = randomUUID();
    const active = await make('olivia-active', 'acme', { authorId: olivia });
    const paused = await make('olivia-paused', 'acme', {
      authorId: olivia,
      inactive: true,
      inactiveReason: 'paused',
    });
    const rolledBack = transactions.run(async (transaction) => {
      expect(await subscriptions.deactivateAuthoredBy(olivia, transaction)).toEqual([active.id]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await columns(active.id)).toMatchObject({ inactive: false, inactive_reason: null });

    const turnedOff = await transactions.run((transaction) =>
      subscriptions.deactivateAuthoredBy(olivia, transaction),
    );
    expect(turnedOff).toEqual([active.id]);
    expect(await columns(active.id)).toMatchObject({ inactive: true, inactive_reason: 'author-deactivated' });
    // Already off: keeps its own reason.
    expect(await columns(paused.id)).toMatchObject({ inactive: true, inactive_reason: 'paused' });

    const gone = randomUUID();
    const ofGone = await make('gone-author', 'acme', { authorId: gone });
    await transactions.run((transaction) =>
      subscriptions.deactivateAuthoredBy(gone, transaction, 'author-deleted'),
    );
    expect(await columns(ofGone.id)).toMatchObject({ inactive: true, inactive_reason: 'author-deleted' });
  });

  it("deletes what points at a repository, or at a namespace and anything in it, in the caller's transaction", async () => {
    const onRepo = await make('del-repo', 'dropns/api');
    const onOther = await make('del-other', 'dropns/web');
    const onNamespace = await make('del-ns', 'dropns');
    const elsewhere = await make('del-else', 'keepns/api');
    const deleted = await transactions.run((transaction) =>
      subscriptions.deleteTargeting('dropns', 'api', transaction),
    );
    expect(deleted).toEqual([onRepo.id]);
    const rest = await transactions.run((transaction) =>
      subscriptions.deleteTargeting('dropns', null, transaction),
    );
    expect(rest.sort()).toEqual([onOther.id, onNamespace.id].sort());
    expect(await subscriptions.findById(elsewhere.id)).not.toBeNull();
  });

  it('counts failed deliveries and turns the subscription off once, at the threshold; a success resets', async () => {
    const { id } = await make('failing', 'acme/failing');
    const counts = [];
    for (let i = 0; i < 4; i++) counts.push(await subscriptions.recordFailure(id, 3));
    expect(counts).toEqual([
      { consecutiveFailures: 1, justDisabled: false },
      { consecutiveFailures: 2, justDisabled: false },
      { consecutiveFailures: 3, justDisabled: true },
      { consecutiveFailures: 4, justDisabled: false },
    ]);
    expect(await columns(id)).toMatchObject({ inactive: true, inactive_reason: 'failed-deliveries' });
    expect(await subscriptions.recordFailure('0'.repeat(64), 3)).toBeUndefined();

    const { id: other } = await make('succeeding', 'acme/succeeding', { consecutiveFailures: 2 });
    const at = new Date('2030-01-02T03:04:05.000Z');
    await subscriptions.recordSuccesses([id, other], at);
    for (const succeeded of [id, other]) {
      expect(await columns(succeeded)).toMatchObject({ consecutive_failures: 0, last_successful_at: at });
    }
  });

  it('keeps the reason of a subscription that was already off', async () => {
    const { id } = await make('gone', 'acme/gone');
    expect(await subscriptions.deactivate(id, 'endpoint-gone')).toBe(true);
    expect(await subscriptions.deactivate(id, 'paused')).toBe(false);
    expect(await columns(id)).toMatchObject({ inactive: true, inactive_reason: 'endpoint-gone' });
  });

  it('reads what matching needs of active subscriptions only', async () => {
    const { id: off } = await make('off', 'acme/off', { inactive: true, inactiveReason: 'paused' });
    const { id: filtered } = await make('filtered', 'acme', { options: { tagPattern: 'v*,!*-rc*' } });
    const targets = await subscriptions.listActiveTargets();
    expect(targets.find(({ id }) => id === ids.get('acme-web'))).toEqual({
      id: ids.get('acme-web'),
      eventTypes: ['TAG_PUSH'],
      namespace: 'acme',
      repository: 'web',
      options: {},
    });
    expect(targets.find(({ id }) => id === filtered)?.options).toEqual({ tagPattern: 'v*,!*-rc*' });
    expect((await subscriptions.findActiveTarget(filtered))?.options).toEqual({ tagPattern: 'v*,!*-rc*' });
    expect(targets.map(({ id }) => id)).not.toContain(off);
    expect(await subscriptions.findActiveTarget(ids.get('everything')!)).toEqual({
      id: ids.get('everything'),
      eventTypes: ['TAG_PUSH'],
      namespace: null,
      repository: null,
      options: {},
    });
    expect(await subscriptions.findActiveTarget(off)).toBeNull();
    expect(await subscriptions.findActiveTarget('0'.repeat(64))).toBeNull();
  });

  it("reads the priorities of one repository's Quay vulnerability_found notifications, as stored", async () => {
    const notify = (
      repository: string,
      event: QuayApiFields['event'],
      eventConfig: Record<string, unknown>,
    ) =>
      make(
        `${event}-${repository}-${JSON.stringify(eventConfig)}`,
        `scan/${repository}`,
        {},
        quayFields({ event, eventConfig }),
      );
    await notify('api', 'vulnerability_found', { vulnerability: { priority: 'Critical' } });
    await notify('api', 'vulnerability_found', { vulnerability: { priority: 'Medium' } });
    await notify('api', 'vulnerability_found', { vulnerability: 'Low' });
    await notify('api', 'vulnerability_found', {});
    await notify('api', 'repo_push', { vulnerability: { priority: 'Low' } });
    await notify('web', 'vulnerability_found', { vulnerability: { priority: 'Low' } });
    // Another API's subscription with the same fields does not count.
    await make('dtr-lookalike', 'scan/api', {}, {
      api: 'dtr',
      apiFields: { event: 'vulnerability_found', eventConfig: { vulnerability: { priority: 'Low' } } },
    } as unknown as ApiSpecificFields);

    const priorities = await subscriptions.quayVulnerabilityPriorities('scan', 'api');
    expect(priorities.map((priority) => JSON.stringify(priority)).sort()).toEqual(
      ['"Critical"', '"Medium"', 'null', 'null'].sort(),
    );
    expect(await subscriptions.quayVulnerabilityPriorities('scan', 'web')).toEqual(['Low']);
    expect(await subscriptions.quayVulnerabilityPriorities('scan', 'none')).toEqual([]);
  });

  it('numbers Alauda hooks from their own sequence', async () => {
    const first = await subscriptions.nextAlaudaHookId();
    expect(await subscriptions.nextAlaudaHookId()).toBe(first + 1);
  });
});
