import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource, QueryRunner } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AccountRepository } from '../account/account.repository';
import { ApiTokenRepository } from '../api-token/api-token.repository';
import { DeliveryLogRepository } from '../delivery/delivery-log.repository';
import { DeliveryStatsRepository } from '../delivery/delivery-stats.repository';
import { EventLogRepository } from '../event-log/event-log.repository';
import { RegistryRepositoryRepository } from '../repository/registry-repository.repository';
import { SubscriptionRepository } from '../subscription/subscription.repository';
import type { Listing } from './listing';

/** A node of PostgreSQL's EXPLAIN (FORMAT JSON) plan. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The tables that grow with an installation, filled here well past the size where a planner prefers reading them whole. */
const LARGE_TABLES = [
  'subscriptions',
  'deliveries',
  'api_tokens',
  'teams',
  'repository_access',
  'accounts',
  'event_log',
  'registry_repositories',
  'namespace_access',
];

/**
 * The SQL each listing runs for a first and a deep page, EXPLAINed against tables of a large
 * installation (100,000 subscriptions, 200,000 deliveries, 20,000 tokens, 20,000 teams, 200,000
 * events in the activity stream, 14,000 repositories): none reads
 * a large table sequentially, so a page costs the same however large the installation grows.
 */
describe('listing plans on a large installation', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let subscriptions: SubscriptionRepository;
  let log: DeliveryLogRepository;
  let tokens: ApiTokenRepository;
  let accounts: AccountRepository;
  let access: AccessRepository;
  let events: EventLogRepository;
  let repositories: RegistryRepositoryRepository;
  let orgId: string;
  let teamId: string;
  let userId: string;
  let webhook: string;

  /** The plan of every statement `read` runs, with its parameters. */
  async function plansOf(read: () => Promise<unknown>): Promise<Array<{ sql: string; plan: PlanNode }>> {
    // Every statement goes through the driver's query runner, whichever API issued it.
    const query = jest.spyOn(Object.getPrototypeOf(dataSource.createQueryRunner()) as QueryRunner, 'query');
    let calls: unknown[][];
    try {
      await read();
    } finally {
      calls = [...query.mock.calls];
      query.mockRestore();
    }
    const statements = calls
      .map(([sql, parameters]) => ({ sql: sql as string, parameters: parameters as unknown[] }))
      .filter(({ sql }) => !/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql));
    expect(statements.length).toBeGreaterThan(0);
    return Promise.all(
      statements.map(async ({ sql, parameters }) => {
        const [row] = (await dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)) as Array<{
          'QUERY PLAN': Array<{ Plan: PlanNode }>;
        }>;
        return { sql, plan: row['QUERY PLAN'][0].Plan };
      }),
    );
  }

  /** The large tables a plan reads row by row. */
  function sequentialScans(node: PlanNode): string[] {
    const own =
      node['Node Type'] === 'Seq Scan' && LARGE_TABLES.includes(node['Relation Name'] ?? '')
        ? [node['Relation Name']!]
        : [];
    return [...own, ...(node.Plans ?? []).flatMap(sequentialScans)];
  }

  /** Reads the first page and one deep into the listing (its `deepKey` row), checking both plans. */
  async function expectIndexedPages<T>(label: string, listing: Listing<T>, deepKey: string[]): Promise<void> {
    const start = Buffer.from(JSON.stringify(deepKey)).toString('base64url');
    for (const read of [() => listing.page({ size: 20 }), () => listing.page({ size: 20, start })]) {
      for (const { sql, plan } of await plansOf(read)) {
        expect({ label, sql, sequentialScans: sequentialScans(plan) }).toEqual({
          label,
          sql,
          sequentialScans: [],
        });
      }
    }
  }

  const timestampKey = (column: string) =>
    `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

  /** The key of the row `offset` rows into `from`'s order. */
  async function keyAt(from: string, order: string, columns: string[], offset: number): Promise<string[]> {
    const [row] = (await dataSource.query(
      `SELECT ${columns.map((column, i) => `${column} AS k${i}`).join(', ')} FROM ${from} ORDER BY ${order} OFFSET ${offset} LIMIT 1`,
    )) as Array<Record<string, string>>;
    return columns.map((_, i) => row[`k${i}`]);
  }

  /** The key of the row `offset` rows into `table`'s rows matching `where`, by (`column`, id). */
  const timeKey =
    (table: string, column: string, direction: 'ASC' | 'DESC') => (where: string, offset: number) =>
      keyAt(
        `${table} WHERE ${where}`,
        `${column} ${direction}, id ${direction}`,
        [timestampKey(column), 'id::text'],
        offset,
      );

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    subscriptions = new SubscriptionRepository(dataSource);
    log = new DeliveryLogRepository(dataSource);
    tokens = new ApiTokenRepository(dataSource);
    accounts = new AccountRepository(dataSource);
    access = new AccessRepository(dataSource);
    events = new EventLogRepository(dataSource);
    repositories = new RegistryRepositoryRepository(dataSource);
    await dataSource.query(
      `INSERT INTO accounts (name, is_org) SELECT 'user' || i, i % 10 = 0 FROM generate_series(1, 2000) AS i`,
    );
    [{ id: orgId }] = await dataSource.query(`SELECT id FROM accounts WHERE name = 'user10'`);
    [{ id: userId }] = await dataSource.query(`SELECT id FROM accounts WHERE name = 'user7'`);
    // 1,000 namespaces of 10 repositories, 10 subscriptions each; 70% DTR, 15% Quay, 15% Alauda.
    await dataSource.query(
      `INSERT INTO subscriptions (id, api, api_fields, event_types, key, namespace, repository, endpoint, author_id, secret, created_at)
       SELECT md5(i::text) || md5((-i)::text), api,
              CASE api WHEN 'alauda' THEN jsonb_build_object('id', i, 'subject_type', CASE WHEN i % 2 = 0 THEN 'image_repo' ELSE 'build_repo' END)
                       WHEN 'quay' THEN jsonb_build_object('uuid', md5(i::text)) ELSE '{}' END,
              '{TAG_PUSH}', ns || '/' || repo, ns, repo, 'https://example.com/hook', $1, 'whsec_c2VjcmV0',
              timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond'
         FROM generate_series(1, 100000) AS i,
              LATERAL (SELECT 'ns' || (i % 1000) AS ns, 'r' || (i / 1000 % 10) AS repo,
                              CASE WHEN i % 20 < 14 THEN 'dtr' WHEN i % 20 < 17 THEN 'quay' ELSE 'alauda' END AS api) AS s`,
      [userId],
    );
    [{ id: webhook }] = await dataSource.query(`SELECT id FROM subscriptions WHERE api = 'dtr' LIMIT 1`);
    await dataSource.query(
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts, created_at, updated_at)
       SELECT gen_random_uuid(), 'e' || i, CASE WHEN i % 10 = 0 THEN $1 ELSE md5((i % 10)::text) END, 'TAG_PUSH', 'm' || i,
              CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'succeeded' END, 1, t, t
         FROM generate_series(1, 200000) AS i,
              LATERAL (SELECT timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond' AS t) AS at`,
      [webhook],
    );
    await dataSource.query(
      `INSERT INTO api_tokens (account_id, token_hash, created_at)
       SELECT a.id, md5(a.id::text || t), now() + t * interval '1 second'
         FROM accounts a, generate_series(1, 10) AS t`,
    );
    // 100 teams in each of the 200 organizations.
    await dataSource.query(
      `INSERT INTO teams (org_id, name) SELECT a.id, 'team' || i FROM accounts a, generate_series(1, 100) AS i WHERE a.is_org`,
    );
    await dataSource.query(
      `INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level)
       SELECT o.name, 'r' || (row_number() OVER (PARTITION BY o.id) % 20), 'team', t.id, 'admin'
         FROM teams t JOIN accounts o ON o.id = t.org_id`,
    );
    [{ id: teamId }] = await dataSource.query(
      `SELECT t.id FROM teams t JOIN accounts o ON o.id = t.org_id WHERE o.name = 'user10' AND t.name = 'team7'`,
    );
    // Each team has a grant on its organization's namespace.
    await dataSource.query(
      `INSERT INTO namespace_access (namespace, team_id, access_level)
       SELECT o.name, t.id, 'read-only' FROM teams t JOIN accounts o ON o.id = t.org_id`,
    );
    // The subscriptions' 10,000 repositories and 20 in each organization's namespace.
    await dataSource.query(
      `INSERT INTO registry_repositories (namespace, name)
       SELECT 'ns' || n, 'r' || r FROM generate_series(0, 999) AS n, generate_series(0, 9) AS r
       UNION ALL
       SELECT a.name, 'r' || r FROM accounts a, generate_series(0, 19) AS r WHERE a.is_org`,
    );
    // 200,000 events over the same namespaces and repositories, 2,000 actors, a third of them pulls.
    await dataSource.query(
      `INSERT INTO event_log (id, type, namespace, repository, actor, published_at, event)
       SELECT 'event-' || i, (ARRAY['TAG_PUSH', 'TAG_PULL', 'MANIFEST_PUSH'])[1 + i % 3], 'ns' || (i % 1000),
              'r' || (i / 1000 % 10), 'user' || (i % 2000),
              timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond', '{}'
         FROM generate_series(1, 200000) AS i`,
    );
    await dataSource.query(`ANALYZE`);
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('subscription listings of every API, for system admins and within a reach, filtered or not', async () => {
    const key = timeKey('subscriptions', 'created_at', 'ASC');
    const reach = {
      namespaces: ['ns1', 'ns2'],
      excludedInNamespaces: ['SCANNER_UPDATE_COMPLETED' as const],
      repositories: [
        { namespace: 'ns14', repository: 'r1' },
        { namespace: 'ns4', repository: 'r2' },
      ],
      excludedInRepositories: ['SCANNER_UPDATE_COMPLETED' as const, 'REPO_CREATED' as const],
    };
    await expectIndexedPages(
      'dtr, everything',
      subscriptions.listWithin('dtr', {}, 'everything'),
      await key(`api = 'dtr'`, 50_000),
    );
    await expectIndexedPages(
      'dtr, within a reach',
      subscriptions.listWithin('dtr', {}, reach),
      await key(`api = 'dtr' AND namespace = 'ns1'`, 20),
    );
    await expectIndexedPages(
      "dtr, one repository's",
      subscriptions.listWithin('dtr', { namespace: 'ns5', repository: 'r5' }, 'everything'),
      await key(`api = 'dtr' AND namespace = 'ns5'`, 3),
    );
    await expectIndexedPages(
      "dtr, a namespace's as a whole",
      subscriptions.listWithin('dtr', { namespace: 'ns5', repository: null }, reach),
      await key(`api = 'dtr' AND namespace = 'ns5'`, 3),
    );
    await expectIndexedPages(
      "quay, one repository's within a reach",
      subscriptions.listWithin('quay', { namespace: 'ns14', repository: 'r1' }, reach),
      await key(`api = 'quay' AND namespace = 'ns14'`, 1),
    );
    await expectIndexedPages(
      'alauda, of one subject type',
      subscriptions.listWithin(
        'alauda',
        { apiField: { name: 'subject_type', value: 'build_repo' } },
        'everything',
      ),
      await key(`api = 'alauda' AND api_fields ->> 'subject_type' = 'build_repo'`, 5_000),
    );
    await expectIndexedPages(
      'alauda, of one subject',
      subscriptions.listWithin(
        'alauda',
        { key: 'ns17/r6', namespace: 'ns17', repository: 'r6' },
        'everything',
      ),
      await key(`api = 'alauda' AND namespace = 'ns17'`, 1),
    );
    const lookup = await plansOf(() =>
      subscriptions.findOne('alauda', { apiField: { name: 'id', value: '99999' } }),
    );
    expect(lookup.map(({ plan }) => sequentialScans(plan))).toEqual([[]]);
  }, 30_000);

  it("a webhook's delivery log, of every status and of one", async () => {
    const key = timeKey('deliveries', 'created_at', 'DESC');
    await expectIndexedPages(
      'deliveries',
      log.listDeliveries(webhook),
      await key(`subscription_id = '${webhook}'`, 15_000),
    );
    await expectIndexedPages(
      'failed deliveries',
      log.listDeliveries(webhook, { status: 'failed' }),
      await key(`subscription_id = '${webhook}' AND status = 'failed'`, 300),
    );
  }, 30_000);

  it("a webhook's delivery statistics since a time", async () => {
    const stats = new DeliveryStatsRepository(dataSource);
    const since = new Date('2030-01-01T00:03:00Z');
    for (const read of [
      () => stats.perMinute(since, [webhook]),
      () => stats.mostFailing(since, [webhook], 10),
    ]) {
      for (const { sql, plan } of await plansOf(read)) {
        expect({ sql, sequentialScans: sequentialScans(plan) }).toEqual({ sql, sequentialScans: [] });
      }
    }
  }, 30_000);

  it('API tokens, teams and team grants', async () => {
    const tokenKey = timeKey('api_tokens', 'created_at', 'ASC');
    await expectIndexedPages('every token', tokens.list(), await tokenKey('TRUE', 15_000));
    await expectIndexedPages(
      "one account's tokens",
      tokens.list(userId),
      await tokenKey(`account_id = '${userId}'`, 5),
    );
    await expectIndexedPages("an organization's teams", accounts.listTeams(orgId), ['team50']);
    const [grantKey] = await dataSource.query(
      `SELECT t.name, t.id::text FROM repository_access g JOIN teams t ON t.id = g.grantee_id
        WHERE g.namespace = 'user10' AND g.repository = 'r3' ORDER BY t.name, t.id OFFSET 2 LIMIT 1`,
    );
    await expectIndexedPages("a repository's team grants", access.listTeamGrants('user10', 'r3'), [
      grantKey.name,
      grantKey.id,
    ]);
  }, 30_000);

  it('the activity stream, whole, filtered, and within a reach', async () => {
    const key = timeKey('event_log', 'published_at', 'DESC');
    const reach = {
      namespaces: ['ns1', 'ns2'],
      repositories: [
        { namespace: 'ns3', repository: 'r1' },
        { namespace: 'ns1', repository: 'r2' },
      ],
      adminNamespaces: ['ns1'],
      adminRepositories: [{ namespace: 'ns3', repository: 'r1' }],
    };
    await expectIndexedPages('every event', events.list({ reach: 'everything' }), await key('TRUE', 100_000));
    await expectIndexedPages(
      'of one type',
      events.list({ reach: 'everything', type: 'MANIFEST_PUSH' }),
      await key(`type = 'MANIFEST_PUSH'`, 30_000),
    );
    await expectIndexedPages(
      'of one namespace',
      events.list({ reach: 'everything', namespace: 'ns7' }),
      await key(`namespace = 'ns7'`, 100),
    );
    await expectIndexedPages(
      'of one repository',
      events.list({ reach: 'everything', namespace: 'ns7', repository: 'r3' }),
      await key(`namespace = 'ns7' AND repository = 'r3'`, 10),
    );
    await expectIndexedPages(
      "of one actor's",
      events.list({ reach: 'everything', actor: 'user4' }),
      await key(`actor = 'user4'`, 50),
    );
    await expectIndexedPages(
      'published before',
      events.list({ reach: 'everything', publishedBefore: new Date('2030-01-01T00:01:00Z') }),
      await key(`published_at < '2030-01-01T00:01:00Z'`, 10_000),
    );
    await expectIndexedPages(
      'within a reach',
      events.list({ reach }),
      await key(`namespace IN ('ns1', 'ns2')`, 150),
    );
    await expectIndexedPages(
      "within a reach, one repository's",
      events.list({ reach, namespace: 'ns3', repository: 'r1', type: 'TAG_PUSH' }),
      await key(`namespace = 'ns3' AND repository = 'r1'`, 5),
    );
  }, 30_000);

  it("repositories, namespace team grants and a team's repository grants", async () => {
    const key = (where: string, offset: number) =>
      keyAt(`registry_repositories WHERE ${where}`, 'namespace, name', ['namespace', 'name'], offset);
    await expectIndexedPages(
      'every repository',
      repositories.list({ reach: 'everything' }),
      await key('TRUE', 7_000),
    );
    await expectIndexedPages(
      "a namespace's",
      repositories.list({ reach: 'everything', namespace: 'user10' }),
      await key(`namespace = 'user10'`, 5),
    );
    const reach = {
      namespaces: ['ns1', 'user10'],
      repositories: [
        { namespace: 'ns5', repository: 'r5' },
        { namespace: 'ns1', repository: 'r2' },
      ],
    };
    await expectIndexedPages(
      'within a reach',
      repositories.list({ reach }),
      await key(`namespace = 'ns1'`, 3),
    );
    await expectIndexedPages("a namespace's team grants", access.listNamespaceGrants('user10'), [
      'team50',
      orgId,
    ]);
    await expectIndexedPages("a team's repository grants", access.listTeamRepositoryGrants(teamId), [
      'user10',
      'r3',
    ]);
  }, 30_000);

  it("the console's overview of every API, for system admins and within a reach, filtered or not", async () => {
    const key = timeKey('subscriptions', 'created_at', 'DESC');
    const reach = {
      namespaces: ['ns1', 'ns2'],
      excludedInNamespaces: ['SCANNER_UPDATE_COMPLETED' as const],
      grantedNamespaces: ['ns9'],
      repositories: [{ namespace: 'ns14', repository: 'r1' }],
      excludedInRepositories: ['SCANNER_UPDATE_COMPLETED' as const, 'REPO_CREATED' as const],
    };
    await expectIndexedPages(
      'everything',
      subscriptions.listOverview({}, 'everything'),
      await key('TRUE', 50_000),
    );
    await expectIndexedPages(
      'of one API',
      subscriptions.listOverview({ api: 'quay' }, 'everything'),
      await key(`api = 'quay'`, 5_000),
    );
    await expectIndexedPages(
      'of one namespace',
      subscriptions.listOverview({ namespace: 'ns5' }, 'everything'),
      await key(`namespace = 'ns5'`, 20),
    );
    await expectIndexedPages(
      'of one repository',
      subscriptions.listOverview({ namespace: 'ns5', repository: 'r5' }, 'everything'),
      await key(`namespace = 'ns5' AND repository = 'r5'`, 3),
    );
    await expectIndexedPages(
      'within a reach, failing ones',
      subscriptions.listOverview({ health: 'failing' }, reach),
      await key(`namespace = 'ns1'`, 20),
    );
    await expectIndexedPages(
      'within a reach, of one API and type',
      subscriptions.listOverview({ api: 'dtr', eventType: 'TAG_PUSH' }, reach),
      await key(`namespace = 'ns2'`, 20),
    );
  }, 30_000);
});
