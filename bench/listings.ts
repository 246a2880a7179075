import {
  basicAuth,
  createOrganization,
  createUserWithToken,
  eventually,
  gatewayApi,
  grantRepositoryAccess,
  Stack,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';
import { subscriptionsVersionKey } from '@hookyard/queue';
import { Client } from 'pg';
import { peakRssMb, rssNowMb } from './memory';
import { median, round } from './statistics';

/** What BENCH_SCALE_LISTINGS measures (see bench/README.md). */
export interface ListingsScale {
  subscriptions: number;
  deliveries: number;
  events: number;
  /** Median ms of an authenticated request that lists nothing (GET /api/v0/accounts/{name}). */
  baselineMs: number;
  /** Per listing: median ms of 10 reads of the first page and of a deep one (pageSize 100). */
  pages: Array<{ listing: string; firstMs: number; deepMs: number; deepAt: number }>;
  gatewayPeakRssMb: number;
  /** The admin's whole listing streamed twice in a row (the second shows whether memory keeps growing). */
  fullListing: { items: number; megabytes: number; seconds: number; gatewayRssGrowthMb: number };
  fullListingAgain: { gatewayRssGrowthMb: number };
  /** The namespace owner's whole listing (10,000), streamed first: growth against a tenth of the rows. */
  ownerListing: { items: number; gatewayRssGrowthMb: number };
  dispatcher: { reloadMs: number; rssPer100kMb: number };
}

const SUBSCRIPTIONS = 100_000;
const DELIVERIES = 1_000_000;
/**
 * The activity stream's rows: half the delivery log's million, which already takes most of the
 * fill's time; every event listing reads through an index in its order either way.
 */
const EVENTS = 500_000;
const PAGE = 100;
const TIMESTAMP_TEXT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * BENCH_SCALE_LISTINGS=1: the gateway and a dispatcher over an installation of 100,000 DTR
 * subscriptions (plus Quay's and Alauda's) and 1,000,000 delivery-log rows, written by SQL.
 */
export async function measureListingsScale(log: (message: string) => void): Promise<ListingsScale> {
  const stack = await startStack({ apps: ['gateway', 'dispatcher'] });
  const db = new Client({ connectionString: stack.database.url });
  await db.connect();
  try {
    const dispatcherRssBefore = rssNowMb(stack.pid('dispatcher'));
    await createOrganization(stack, 'ns0');
    await createOrganization(stack, 'ns5');
    const olivia = await createUserWithToken(stack, 'olivia');
    const rita = await createUserWithToken(stack, 'rita');
    const admin = { name: 'admin', token: stack.adminToken };
    expect200(
      await gatewayApi(stack, '/api/v0/accounts/ns0/members/olivia', {
        method: 'PUT',
        body: { isAdmin: true },
      }),
    );
    await grantRepositoryAccess(stack, 'ns5/r5', 'rita', 'admin');
    log(
      'writing 100,000 DTR subscriptions, 10,000 Quay and Alauda ones, 1,000,000 deliveries, ' +
        `${EVENTS.toLocaleString('en')} events, 10,000 repositories, tokens, teams and grants`,
    );
    const writeStarted = Date.now();
    await fill(db);
    log(`written in ${round((Date.now() - writeStarted) / 1000)} s`);

    // What any authenticated request costs, for comparison: one account, no listing.
    const baselineMs = await medianMs(stack, '/api/v0/accounts/olivia', olivia);
    log(`baseline GET /api/v0/accounts/olivia: ${baselineMs} ms`);
    const pages = [];
    const webhook = (
      await db.query(`SELECT subscription_id FROM deliveries GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    ).rows[0].subscription_id as string;
    const subscriptionKey = (where: string) => (offset: number) =>
      keyAt(db, `subscriptions WHERE ${where}`, 'created_at, id', [TIMESTAMP_TEXT, 'id'], offset);
    /** Keys of a newest-first listing: (timestamp, id) descending. */
    const newestKey = (from: string, column: string) => (offset: number) =>
      keyAt(
        db,
        from,
        `${column} DESC, id DESC`,
        [`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'id'],
        offset,
      );
    const eventKey = (where: string) => newestKey(`event_log WHERE ${where}`, 'published_at');
    const listings: Array<[string, string, TestUser, (offset: number) => Promise<string>, number]> = [
      ["admin's webhooks (100,000)", '/api/v0/webhooks', admin, subscriptionKey(`api = 'dtr'`), 90_000],
      [
        "namespace owner's webhooks (10,000)",
        '/api/v0/webhooks',
        olivia,
        subscriptionKey(`api = 'dtr' AND namespace = 'ns0'`),
        9_000,
      ],
      [
        "repository admin's webhooks (10)",
        '/api/v0/webhooks',
        rita,
        subscriptionKey(`api = 'dtr' AND namespace = 'ns5' AND repository = 'r5'`),
        5,
      ],
      [
        "a repository's webhooks (1,000)",
        '/api/v0/repositories/ns0/r3/webhooks',
        olivia,
        subscriptionKey(`api = 'dtr' AND namespace = 'ns0' AND repository = 'r3'`),
        900,
      ],
      [
        "a namespace's webhooks (1,000)",
        '/api/v0/accounts/ns0/webhooks',
        olivia,
        subscriptionKey(`api = 'dtr' AND namespace = 'ns0' AND repository IS NULL`),
        900,
      ],
      [
        "a webhook's delivery log (500,000)",
        `/api/v0/webhooks/${webhook}/deliveries`,
        admin,
        (offset) =>
          keyAt(
            db,
            `deliveries WHERE subscription_id = '${webhook}'`,
            'created_at DESC, id DESC',
            [TIMESTAMP_TEXT, 'id::text'],
            offset,
          ),
        450_000,
      ],
      [
        "a webhook's failed deliveries (20,000)",
        `/api/v0/webhooks/${webhook}/deliveries?status=failed`,
        admin,
        (offset) =>
          keyAt(
            db,
            `deliveries WHERE subscription_id = '${webhook}' AND status = 'failed'`,
            'created_at DESC, id DESC',
            [TIMESTAMP_TEXT, 'id::text'],
            offset,
          ),
        19_000,
      ],
      [
        'API tokens (10,000)',
        '/api/v0/api_tokens',
        admin,
        (offset) => keyAt(db, 'api_tokens', 'created_at, id', [TIMESTAMP_TEXT, 'id::text'], offset),
        9_000,
      ],
      [
        "an organization's teams (1,000)",
        '/api/v0/accounts/ns0/teams',
        olivia,
        (offset) => keyAt(db, `teams`, 'name', ['name'], offset),
        900,
      ],
      [
        "a repository's team grants (1,000)",
        '/api/v0/repositories/ns0/r1/teamAccess',
        olivia,
        (offset) =>
          keyAt(
            db,
            `repository_access g JOIN teams t ON t.id = g.grantee_id WHERE g.namespace = 'ns0' AND g.repository = 'r1'`,
            't.name, t.id',
            ['t.name', 't.id::text'],
            offset,
          ),
        900,
      ],
      [
        "a namespace's team grants (1,000)",
        '/api/v0/repositoryNamespaces/ns0/teamAccess',
        olivia,
        (offset) =>
          keyAt(
            db,
            `namespace_access n JOIN teams t ON t.id = n.team_id WHERE n.namespace = 'ns0'`,
            't.name, t.id',
            ['t.name', 't.id::text'],
            offset,
          ),
        900,
      ],
      [
        "a team's repository grants (1,000)",
        '/api/v0/accounts/ns0/teams/team1/repositoryAccess',
        olivia,
        (offset) =>
          keyAt(
            db,
            `repository_access g JOIN teams t ON t.id = g.grantee_id WHERE t.name = 'team1'`,
            'g.namespace, g.repository',
            ['g.namespace', 'g.repository'],
            offset,
          ),
        900,
      ],
      [
        'repositories (10,000)',
        '/api/v0/repositories',
        admin,
        (offset) => keyAt(db, 'registry_repositories', 'namespace, name', ['namespace', 'name'], offset),
        9_000,
      ],
      [
        "a namespace owner's repositories (1,000)",
        '/api/v0/repositories',
        olivia,
        (offset) =>
          keyAt(
            db,
            `registry_repositories WHERE namespace = 'ns0'`,
            'namespace, name',
            ['namespace', 'name'],
            offset,
          ),
        900,
      ],
      [
        `the activity stream (${EVENTS.toLocaleString('en')})`,
        '/api/v0/events',
        admin,
        eventKey('TRUE'),
        EVENTS - 50_000,
      ],
      [
        `a namespace owner's activity stream (${(EVENTS / 10).toLocaleString('en')})`,
        '/api/v0/events',
        olivia,
        eventKey(`namespace = 'ns0'`),
        EVENTS / 10 - 5_000,
      ],
      [
        `a repository's events (${(EVENTS / 100).toLocaleString('en')})`,
        '/api/v0/repositories/ns0/r3/events',
        olivia,
        eventKey(`namespace = 'ns0' AND repository = 'r3'`),
        EVENTS / 100 - 500,
      ],
      [
        "the console's overview, admin (110,000)",
        '/api/v0/subscriptions',
        admin,
        newestKey('subscriptions', 'created_at'),
        100_000,
      ],
      [
        "the console's overview, namespace owner (10,000)",
        '/api/v0/subscriptions',
        olivia,
        newestKey(`subscriptions WHERE namespace = 'ns0'`, 'created_at'),
        9_000,
      ],
    ];
    for (const [listing, path, user, deepKey, deepAt] of listings) {
      const separator = path.includes('?') ? '&' : '?';
      const firstMs = await medianMs(stack, `${path}${separator}pageSize=${PAGE}`, user);
      const deepMs = await medianMs(
        stack,
        `${path}${separator}pageSize=${PAGE}&pageStart=${await deepKey(deepAt)}`,
        user,
      );
      pages.push({ listing, firstMs, deepMs, deepAt });
      log(`${listing}: first page ${firstMs} ms, page at ${deepAt} ${deepMs} ms`);
    }
    const gatewayPeakRssMb = peakRssMb(stack.pid('gateway'));

    log("the admin's whole listing, streamed");
    const ownerListing = await streamWhole(stack, olivia);
    log(
      `the namespace owner's ${ownerListing.items} webhooks streamed; gateway RSS +${ownerListing.gatewayRssGrowthMb} MB`,
    );
    const fullListing = await streamWhole(stack, admin);
    log(
      `${fullListing.items} webhooks, ${fullListing.megabytes} MB in ${fullListing.seconds} s; gateway RSS +${fullListing.gatewayRssGrowthMb} MB`,
    );

    const fullListingAgain = await streamWhole(stack, admin);
    log(`again: gateway RSS +${fullListingAgain.gatewayRssGrowthMb} MB over its RSS before this one`);
    log('dispatcher: a full reload of its index');
    const dispatcher = await reloadDispatcher(stack, dispatcherRssBefore);
    return {
      subscriptions: SUBSCRIPTIONS,
      deliveries: DELIVERIES,
      events: EVENTS,
      baselineMs,
      pages,
      gatewayPeakRssMb,
      fullListing,
      fullListingAgain,
      ownerListing,
      dispatcher,
    };
  } finally {
    await db.end();
    await stack.stop();
  }
}

/** The installation, by SQL: namespaces ns0 (10,000 webhooks, owned by olivia) to ns899 (100 each). */
async function fill(db: Client): Promise<void> {
  const [{ id: author }] = (await db.query(`SELECT id FROM accounts WHERE name = 'admin'`)).rows;
  // 100,000 DTR webhooks: 9,000 on ns0's repositories and 1,000 on ns0 as a whole (REPO_CREATED),
  // 90,000 over ns1..ns899 (10 repositories of 10); then 5,000 Quay and 5,000 Alauda ones.
  await db.query(
    `INSERT INTO subscriptions (id, api, api_fields, event_types, key, namespace, repository, endpoint, author_id, secret, created_at)
     SELECT md5(i::text) || md5((-i)::text), api, fields, types, CASE WHEN repo IS NULL THEN ns ELSE ns || '/' || repo END,
            ns, repo, 'https://example.com/hook/' || i, $1, 'whsec_c2VjcmV0',
            timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond'
       FROM generate_series(1, 110000) AS i,
            LATERAL (SELECT
              CASE WHEN i > 105000 THEN 'alauda' WHEN i > 100000 THEN 'quay' ELSE 'dtr' END AS api,
              CASE WHEN i > 105000 THEN jsonb_build_object('id', i, 'subject_type', 'image_repo', 'subject', 'ns' || (i % 900) || '/r1',
                                                         'name', 'hook', 'events', '["image:push"]'::jsonb, 'created_by', 'admin', 'updated_at', '2030-01-01T00:00:00Z')
                   WHEN i > 100000 THEN jsonb_build_object('uuid', md5(i::text), 'event', 'repo_push', 'method', 'webhook',
                                                         'config', jsonb_build_object('url', 'https://example.com/q'), 'eventConfig', '{}'::jsonb, 'title', null)
                   ELSE '{}'::jsonb END AS fields,
              CASE WHEN i <= 1000 THEN '{REPO_CREATED}'::text[] ELSE '{TAG_PUSH}'::text[] END AS types,
              CASE WHEN i <= 10000 THEN 'ns0' ELSE 'ns' || (1 + i % 899) END AS ns,
              CASE WHEN i <= 1000 THEN NULL WHEN i <= 10000 THEN 'r' || (i % 9) ELSE 'r' || (i / 900 % 10) END AS repo) AS s`,
    [author],
  );
  // 500,000 deliveries of one webhook (20,000 of them failed), 500,000 over 500 others.
  await db.query(
    `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts, created_at, updated_at)
     SELECT gen_random_uuid(), 'e' || i, md5(s::text) || md5((-s)::text), 'TAG_PUSH', 'msg_' || i,
            CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'succeeded' END, 1, t, t
       FROM generate_series(1, ${DELIVERIES}) AS i,
            LATERAL (SELECT CASE WHEN i % 2 = 0 THEN 20000 ELSE 20001 + i % 500 END AS s,
                            timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond' AS t) AS d`,
  );
  await db.query(
    `INSERT INTO accounts (name) SELECT 'user' || i FROM generate_series(1, 1000) AS i;
     INSERT INTO api_tokens (account_id, token_hash, created_at)
     SELECT a.id, md5(a.id::text || t), now() + t * interval '1 second'
       FROM accounts a, generate_series(1, 10) AS t WHERE a.name LIKE 'user%';
     INSERT INTO teams (org_id, name) SELECT a.id, 'team' || i FROM accounts a, generate_series(1, 1000) AS i WHERE a.name = 'ns0';
     INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level)
     SELECT 'ns0', 'r1', 'team', id, 'read-only' FROM teams`,
  );
  // DTR's repository objects: 10 in each of ns1..ns899, 1,000 in ns0 (ns5/r5 was made through the API).
  await db.query(
    `INSERT INTO registry_repositories (namespace, name)
     SELECT 'ns' || n, 'r' || r FROM generate_series(1, 899) AS n, generate_series(0, 9) AS r
     UNION ALL
     SELECT 'ns0', 'r' || r FROM generate_series(0, 999) AS r
     ON CONFLICT DO NOTHING`,
  );
  // Every team of ns0 granted the namespace; team1 granted each of ns0's 1,000 repositories.
  await db.query(
    `INSERT INTO namespace_access (namespace, team_id, access_level) SELECT 'ns0', id, 'read-only' FROM teams;
     INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level)
     SELECT 'ns0', r.name, 'team', t.id, 'read-write' FROM teams t, registry_repositories r
      WHERE t.name = 'team1' AND r.namespace = 'ns0'
     ON CONFLICT DO NOTHING`,
  );
  // The activity stream: a tenth of it in ns0 (500 events per repository of r0..r9), the rest over
  // ns1..ns899; pushes, pulls and manifest pushes by 1,000 actors, as the dispatchers record them.
  await db.query(
    `INSERT INTO event_log (id, type, namespace, repository, actor, published_at, event)
     SELECT 'evt-' || i, type, ns, repo, actor, t,
            json_build_object('id', 'evt-' || i, 'type', type, 'occurredAt', t, 'source', 'distribution',
                              'namespace', ns, 'repository', repo,
                              'contents', json_build_object('namespace', ns, 'repository', repo, 'tag', 'v' || i, 'author', actor))
       FROM generate_series(1, ${EVENTS}) AS i,
            LATERAL (SELECT (ARRAY['TAG_PUSH', 'TAG_PULL', 'MANIFEST_PUSH'])[1 + i % 3] AS type,
                            CASE WHEN i % 10 = 0 THEN 'ns0' ELSE 'ns' || (1 + i % 899) END AS ns,
                            'r' || (i / 10 % 10) AS repo, 'user' || (i % 1000) AS actor,
                            timestamptz '2030-01-01T00:00:00Z' + i * interval '1 millisecond' AS t) AS e`,
  );
  // As autovacuum would soon after such writes: statistics, hint bits and the visibility map.
  await db.query('VACUUM ANALYZE');
}

/** Median time of 10 reads (after one to warm up) of one page, in ms. */
async function medianMs(stack: Stack, path: string, user: TestUser): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const started = performance.now();
    const response = await fetch(`${stack.url('gateway')}${path}`, {
      headers: { authorization: basicAuth(user) },
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
    if (i > 0) times.push(performance.now() - started);
  }
  return round(median(times), 1);
}

/** A user's whole webhook listing, read as it streams, the gateway's RSS sampled every 10 ms. */
async function streamWhole(stack: Stack, user: TestUser) {
  const pid = stack.pid('gateway');
  const before = rssNowMb(pid);
  let highest = before;
  const sampler = setInterval(() => (highest = Math.max(highest, rssNowMb(pid))), 10);
  const started = performance.now();
  try {
    const response = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      headers: { authorization: basicAuth(user) },
    });
    const text = await response.text();
    const items = (JSON.parse(text) as unknown[]).length;
    return {
      items,
      megabytes: round(text.length / 1024 / 1024, 1),
      seconds: round((performance.now() - started) / 1000, 2),
      gatewayRssGrowthMb: round(highest - before, 1),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** A full reload forced by a newer subscriptions version and an event; its time from the dispatcher's log. */
async function reloadDispatcher(stack: Stack, rssBefore: number) {
  await stack.redis.incr(subscriptionsVersionKey(stack.env.REDIS_PREFIX));
  await stack.appendEvents([tagPushEvent('ns1/r1')]);
  const reloadMs = await eventually(async () => {
    const match = /subscription index loaded: (\d+) active \(version \d+\) in (\d+) ms/g;
    const loads = [...stack.logs('dispatcher').matchAll(match)].filter(([, size]) => Number(size) > 100_000);
    return loads.length > 0 ? Number(loads[0][2]) : undefined;
  }, 120_000);
  // Settle: what the reload read and threw away is collected.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const per100k = (mb: number) => round((mb * 100_000) / 110_000, 1);
  return {
    reloadMs,
    rssPer100kMb: per100k(rssNowMb(stack.pid('dispatcher')) - rssBefore),
  };
}

/** The page start of the row `offset` rows into `from`'s order, as the listing encodes it. */
async function keyAt(
  db: Client,
  from: string,
  order: string,
  columns: string[],
  offset: number,
): Promise<string> {
  const { rows } = await db.query(
    `SELECT ${columns.map((column, i) => `${column} AS k${i}`).join(', ')} FROM ${from} ORDER BY ${order} OFFSET ${offset} LIMIT 1`,
  );
  if (rows.length === 0) throw new Error(`no row ${offset} in ${from}`);
  return Buffer.from(JSON.stringify(columns.map((_, i) => rows[0][`k${i}`]))).toString('base64url');
}

function expect200(answer: { status: number; body: unknown }): void {
  if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
}

/** The Markdown table of a BENCH_SCALE_LISTINGS run (bench/README.md shows the latest). */
export function listingsTable(scale: ListingsScale): string {
  const rows: Array<[string, string]> = [
    [
      'baseline: an authenticated request that lists nothing (GET /api/v0/accounts/{name})',
      `${scale.baselineMs} ms`,
    ],
    ...scale.pages.map(({ listing, firstMs, deepMs, deepAt }): [string, string] => [
      `${listing}: first page / page at item ${deepAt.toLocaleString('en')} (${PAGE} items, median of 10)`,
      `${firstMs} / ${deepMs} ms`,
    ]),
    ['gateway peak RSS after the pages', `${scale.gatewayPeakRssMb} MB`],
    [
      "admin's whole listing, streamed (no paging parameters)",
      `${scale.fullListing.items.toLocaleString('en')} webhooks, ${scale.fullListing.megabytes} MB in ${scale.fullListing.seconds} s`,
    ],
    [
      'gateway RSS growth while streaming it: owner (10,000) first / admin / admin again',
      `${scale.ownerListing.gatewayRssGrowthMb} / ${scale.fullListing.gatewayRssGrowthMb} / ${scale.fullListingAgain.gatewayRssGrowthMb} MB`,
    ],
    ['dispatcher: full reload of its index (110,000 active)', `${scale.dispatcher.reloadMs} ms`],
    [
      'dispatcher: RSS growth per 100,000 subscriptions (5 s after the reload)',
      `${scale.dispatcher.rssPer100kMb} MB`,
    ],
  ];
  return ['| measure | result |', '| --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
