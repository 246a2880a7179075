import {
  alaudaFields,
  basicAuth,
  callApi,
  createOrganization,
  createUserWithToken,
  DTR_FIELDS,
  eventually,
  gatewayApi,
  grantRepositoryAccess,
  queryDatabase,
  quayFields,
  Stack,
  startStack,
  TestUser,
} from '@hookyard/testing';

/** JSON as the routes answer it, of whichever shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A listing read through the gateway: its parsed body, its raw text and headers. */
interface Read {
  status: number;
  text: string;
  body: Json;
  headers: Headers;
}

/**
 * Every listing at a size where reading it whole would show: DTR-style pages follow
 * X-Next-Page-Start through every item exactly once, in order, with only what the caller may see
 * now; without paging parameters the whole listing streams, the same JSON as the pages together.
 */
describe('Listings: pages and streams (e2e)', () => {
  let stack: Stack;
  let olivia: TestUser;
  let rita: TestUser;
  let reed: TestUser;
  const admin = () => ({ name: 'admin', token: stack.adminToken });

  async function read(path: string, authorization: string): Promise<Read> {
    const response = await callApi('GET', `${stack.url('gateway')}${path}`, authorization);
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  }

  /** Follows X-Next-Page-Start from the first page; every page's items, in order. */
  async function allPages(
    path: string,
    authorization: string,
    pageSize: number,
    items = (body: Json) => body,
  ) {
    const pages: unknown[][] = [];
    let start: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = await read(
        `${path}${separator}pageSize=${pageSize}${start ? `&pageStart=${encodeURIComponent(start)}` : ''}`,
        authorization,
      );
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      pages.push(items(page.body));
      start = page.headers.get('x-next-page-start');
    } while (start);
    return pages;
  }

  /** The ids the database holds for `where`, oldest first, as the listings order them. */
  const idsWhere = async (where: string, params: unknown[] = []) =>
    (
      await queryDatabase(
        stack,
        `SELECT id FROM subscriptions WHERE ${where} ORDER BY created_at, id`,
        params,
      )
    ).map((row) => row.id as string);

  /**
   * `count` subscriptions of one API at `key`, written by SQL; groups of three share a creation
   * time to the microsecond (the id orders them) and the times differ below a millisecond.
   */
  async function insertSubscriptions(
    count: number,
    key: string | null,
    eventTypes: string[],
    api: { api: string; apiFields: object } = DTR_FIELDS,
    from = 0,
  ): Promise<void> {
    const [namespace = null, repository = null] = key
      ? [key.split('/')[0], key.split('/').slice(1).join('/') || null]
      : [];
    await queryDatabase(
      stack,
      `INSERT INTO subscriptions (id, api, api_fields, event_types, key, namespace, repository, endpoint, author_id, secret, created_at)
       SELECT md5($1 || i) || md5(i || $1), $2, $3::jsonb || jsonb_build_object('uuid', md5($1 || i), 'id', 100000 + $9::int + i),
              $4::text[], $5, $6, $7, 'https://example.com/' || i, $8, 'whsec_c2VjcmV0',
              timestamptz '2030-01-01T00:00:00Z' + (($9::int + i) / 3) * interval '1 microsecond'
         FROM generate_series(1, $10::int) AS i`,
      [
        `${api.api}-${key}-${eventTypes}`,
        api.api,
        JSON.stringify(api.apiFields),
        eventTypes,
        key,
        namespace,
        repository,
        (await queryDatabase(stack, `SELECT id FROM accounts WHERE name = 'admin'`))[0].id,
        from,
        count,
      ],
    );
  }

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway'] });
    await createOrganization(stack, 'acme');
    olivia = await createUserWithToken(stack, 'olivia');
    rita = await createUserWithToken(stack, 'rita');
    reed = await createUserWithToken(stack, 'reed');
    const owner = await gatewayApi(stack, '/api/v0/accounts/acme/members/olivia', {
      method: 'PUT',
      body: { isAdmin: true },
    });
    expect(owner.status).toBe(200);
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    await insertSubscriptions(450, 'acme/api', ['TAG_PUSH'], DTR_FIELDS, 0);
    await insertSubscriptions(120, 'acme', ['REPO_CREATED'], DTR_FIELDS, 10);
    await insertSubscriptions(150, 'acme/web', ['TAG_PUSH'], DTR_FIELDS, 20);
    await insertSubscriptions(90, 'other/api', ['TAG_PUSH'], DTR_FIELDS, 30);
    await insertSubscriptions(12, null, ['SCANNER_UPDATE_COMPLETED'], DTR_FIELDS, 40);
    await insertSubscriptions(230, 'acme/api', ['TAG_PUSH'], quayFields({ event: 'repo_push' }), 50);
    await insertSubscriptions(140, 'acme/api', ['TAG_PUSH'], alaudaFields('image_repo', 0), 60);
    await insertSubscriptions(70, 'acme/api', ['BUILD_COMPLETED'], alaudaFields('build_repo', 0), 70_000);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("pages through DTR's webhooks, each caller exactly what they administer now, in order; the whole list streams the same", async () => {
    const expected = {
      admin: await idsWhere(`api = 'dtr'`),
      olivia: await idsWhere(`api = 'dtr' AND namespace = 'acme'`),
      rita: await idsWhere(`api = 'dtr' AND namespace = 'acme' AND repository = 'api'`),
      reed: [],
    };
    expect(expected.admin).toHaveLength(822);
    for (const [name, user] of Object.entries({ admin: admin(), olivia, rita, reed })) {
      const pages = await allPages('/api/v0/webhooks', basicAuth(user), 37);
      const paged = pages.flat() as Array<{ id: string }>;
      expect({ name, ids: paged.map(({ id }) => id) }).toEqual({
        name,
        ids: expected[name as keyof typeof expected],
      });
      expect(pages.slice(0, -1).every((page) => page.length === 37)).toBe(true);
      const streamed = await read('/api/v0/webhooks', basicAuth(user));
      expect(streamed.headers.get('content-type')).toBe('application/json; charset=utf-8');
      // Byte for byte what the whole list was answered as before it streamed.
      expect(streamed.text).toBe(JSON.stringify(paged));
    }
  });

  it('pages and streams the webhooks of a repository and of a namespace, for their admins only', async () => {
    const repository = await idsWhere(`api = 'dtr' AND namespace = 'acme' AND repository = 'api'`);
    for (const user of [rita, olivia, admin()]) {
      const paged = (await allPages('/api/v0/repositories/acme/api/webhooks', basicAuth(user), 100)).flat();
      expect(paged.map((hook: Json) => hook.id)).toEqual(repository);
      expect((await read('/api/v0/repositories/acme/api/webhooks', basicAuth(user))).text).toBe(
        JSON.stringify(paged),
      );
    }
    const namespace = await idsWhere(`api = 'dtr' AND namespace = 'acme' AND repository IS NULL`);
    for (const path of ['/api/v0/repositories/acme/webhooks', '/api/v0/accounts/acme/webhooks']) {
      const paged = (await allPages(path, basicAuth(olivia), 50)).flat();
      expect(paged.map((hook: Json) => hook.id)).toEqual(namespace);
      expect((await read(path, basicAuth(olivia))).text).toBe(JSON.stringify(paged));
      expect((await read(`${path}?pageSize=5`, basicAuth(rita))).status).toBe(403);
    }
    expect((await read('/api/v0/repositories/acme/api/webhooks?pageSize=5', basicAuth(reed))).status).toBe(
      403,
    );
  });

  it('answers a page start it did not hand out, or a page size out of range, with 400 naming it', async () => {
    const dtrError = (field: string) => ({
      errors: [
        { code: 'INVALID_PARAMETERS', message: expect.stringContaining(field), detail: expect.anything() },
      ],
    });
    // Not a key at all ("nope"), and a key of a date that does not exist (30 February).
    const timeKeyed = ['/api/v0/webhooks', '/api/v0/events', '/api/v0/subscriptions'];
    for (const [query, paths] of [
      ['pageStart=bm9wZQ', [...timeKeyed, '/api/v0/repositories', '/api/v0/repositories/acme']],
      ['pageStart=WyIyMDMwLTAyLTMwVDAwOjAwOjAwLjAwMDAwMFoiLCJhIl0', timeKeyed],
    ] as const) {
      for (const path of paths) {
        expect({ path, answer: await read(`${path}?${query}`, basicAuth(admin())) }).toMatchObject({
          path,
          answer: { status: 400, body: dtrError('pageStart') },
        });
      }
    }
    for (const query of ['pageSize=0', 'pageSize=101', 'pageSize=x']) {
      expect(await read(`/api/v0/webhooks?${query}`, basicAuth(admin()))).toMatchObject({
        status: 400,
        body: dtrError('pageSize'),
      });
    }
  });

  it('a caller who loses access mid-way sees nothing more on the next page', async () => {
    const bea = await createUserWithToken(stack, 'bea');
    await grantRepositoryAccess(stack, 'acme/api', 'bea', 'admin');
    const first = await read('/api/v0/webhooks?pageSize=10', basicAuth(bea));
    expect(first.body).toHaveLength(10);
    const revoked = await gatewayApi(stack, '/api/v0/repositories/acme/api/userAccess/bea', {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(204);
    const next = await read(
      `/api/v0/webhooks?pageSize=10&pageStart=${first.headers.get('x-next-page-start')}`,
      basicAuth(bea),
    );
    expect({ status: next.status, body: next.body, next: next.headers.get('x-next-page-start') }).toEqual({
      status: 200,
      body: [],
      next: null,
    });
  });

  it("streams Quay's notifications and Alauda's hooks (their APIs have no paging) with their filters", async () => {
    const quay = await read('/api/v1/repository/acme/api/notification/', `Bearer ${rita.token}`);
    expect(quay.status).toBe(200);
    expect(quay.body.notifications.map((n: { uuid: string }) => n.uuid)).toEqual(
      (
        await queryDatabase(
          stack,
          `SELECT api_fields ->> 'uuid' AS uuid FROM subscriptions WHERE api = 'quay' ORDER BY created_at, id`,
        )
      ).map((row) => row.uuid),
    );
    expect(quay.text).toBe(JSON.stringify({ notifications: quay.body.notifications }));
    const alaudaIds = async (where: string) =>
      (
        await queryDatabase(
          stack,
          `SELECT (api_fields ->> 'id')::int AS hook FROM subscriptions WHERE api = 'alauda' ${where} ORDER BY created_at, id`,
        )
      ).map((row) => row.hook);
    const hooks = (query: string) => read(`/v1/hooks${query}`, `Token ${rita.token}`);
    expect((await hooks('')).body.map((hook: { id: number }) => hook.id)).toEqual(await alaudaIds(''));
    expect((await hooks('?subject_type=build_repo')).body.map((hook: { id: number }) => hook.id)).toEqual(
      await alaudaIds(`AND api_fields ->> 'subject_type' = 'build_repo'`),
    );
    expect((await hooks('?subject=acme/api&subject_type=image_repo')).body).toHaveLength(140);
    expect((await hooks('?subject=acme/web')).text).toBe('[]');
    expect((await hooks('?subject=acme')).text).toBe('[]');
    expect((await read('/v1/hooks', `Token ${reed.token}`)).text).toBe('[]');
  });

  it("pages a webhook's delivery log newest first through every row once, with and without a status", async () => {
    const [webhook] = await idsWhere(`api = 'dtr' AND repository = 'api'`);
    await queryDatabase(
      stack,
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts, created_at, updated_at)
       SELECT gen_random_uuid(), 'e' || i, $1, 'TAG_PUSH', 'msg_' || i, CASE WHEN i % 7 = 0 THEN 'failed' ELSE 'succeeded' END,
              1, t, t
         FROM generate_series(1, 250) AS i,
              LATERAL (SELECT timestamptz '2030-01-01T00:00:00Z' + (i / 4) * interval '1 microsecond' AS t) AS at`,
      [webhook],
    );
    const expected = async (where = '') =>
      (
        await queryDatabase(
          stack,
          `SELECT id FROM deliveries WHERE subscription_id = $1 ${where} ORDER BY created_at DESC, id DESC`,
          [webhook],
        )
      ).map((row) => row.id);
    const log = `/api/v0/webhooks/${webhook}/deliveries`;
    const all = (await allPages(log, basicAuth(rita), 100)).flat();
    expect(all.map((d: Json) => d.id)).toEqual(await expected());
    const failed = (await allPages(`${log}?status=failed`, basicAuth(rita), 9)).flat();
    expect(failed.map((d: Json) => d.id)).toEqual(await expected(`AND status = 'failed'`));
    // Without paging parameters the log is still a page: it grows without bound.
    expect((await read(log, basicAuth(rita))).body).toHaveLength(20);
    expect((await read(log, basicAuth(reed))).status).toBe(403);
  });

  it('pages and streams API tokens, teams and team grants', async () => {
    const tokens = (await allPages('/api/v0/api_tokens', basicAuth(admin()), 2)).flat();
    expect(tokens.map((t: Json) => t.username)).toEqual(['admin', 'olivia', 'rita', 'reed', 'bea']);
    // The admin's own token is used by each request: its lastUsed moves.
    const streamedTokens = (await read('/api/v0/api_tokens', basicAuth(admin()))).body;
    const withoutLastUse = (listed: Json[]) => listed.map(({ lastUsed: _lastUsed, ...token }) => token);
    expect(withoutLastUse(streamedTokens)).toEqual(withoutLastUse(tokens));
    expect((await read('/api/v0/api_tokens', basicAuth(rita))).body.map((t: Json) => t.username)).toEqual([
      'rita',
    ]);
    expect((await read('/api/v0/api_tokens?username=olivia&pageSize=1', basicAuth(rita))).status).toBe(403);

    for (const name of ['zeta', 'alpha', 'mid']) {
      expect(
        (await gatewayApi(stack, '/api/v0/accounts/acme/teams', { method: 'POST', body: { name } })).status,
      ).toBe(201);
      const granted = await gatewayApi(stack, `/api/v0/repositories/acme/api/teamAccess/${name}`, {
        method: 'PUT',
        body: { accessLevel: name === 'mid' ? 'read-only' : 'admin' },
      });
      expect(granted.status).toBe(200);
    }
    const teams = (await allPages('/api/v0/accounts/acme/teams', basicAuth(olivia), 2)).flat();
    expect(teams.map((t: Json) => t.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect((await read('/api/v0/accounts/acme/teams', basicAuth(olivia))).text).toBe(JSON.stringify(teams));
    // Every page and the streamed answer carry DTR's repository object before the list.
    let repository: Json | undefined;
    const grantPages = await allPages(
      '/api/v0/repositories/acme/api/teamAccess',
      basicAuth(olivia),
      2,
      (body) => {
        expect(body.repository).toEqual(
          expect.objectContaining({ namespace: 'acme', name: 'api', namespaceType: 'organization' }),
        );
        repository ??= body.repository;
        expect(body.repository).toEqual(repository);
        return body.teamAccessList;
      },
    );
    const grants = grantPages.flat();
    expect(grants.map((g: Json) => [g.team.name, g.accessLevel])).toEqual([
      ['alpha', 'admin'],
      ['mid', 'read-only'],
      ['zeta', 'admin'],
    ]);
    expect((await read('/api/v0/repositories/acme/api/teamAccess', basicAuth(olivia))).text).toBe(
      JSON.stringify({ repository, teamAccessList: grants }),
    );
  });

  it("always pages the activity stream and the console's list, each caller what it may see, every item once", async () => {
    // 130 events: pushes and pulls of acme/api, pushes of acme/web and other/api.
    await queryDatabase(
      stack,
      `INSERT INTO event_log (id, type, namespace, repository, actor, published_at, event)
       SELECT 'listed-' || i, CASE WHEN i % 3 = 0 THEN 'TAG_PULL' ELSE 'TAG_PUSH' END, ns, repo, 'pusher',
              timestamptz '2030-01-01T00:00:00Z' + (i / 2) * interval '1 microsecond',
              json_build_object('occurredAt', '2030-01-01T00:00:00Z', 'source', 'test', 'contents', '{}'::json)
         FROM generate_series(1, 130) AS i,
              LATERAL (SELECT CASE WHEN i <= 100 THEN 'acme' ELSE 'other' END AS ns,
                              CASE WHEN i <= 60 THEN 'api' WHEN i <= 100 THEN 'web' ELSE 'api' END AS repo) AS e`,
    );
    const newestFirst = async (table: string, column: string, where: string) =>
      (
        await queryDatabase(stack, `SELECT id FROM ${table} WHERE ${where} ORDER BY ${column} DESC, id DESC`)
      ).map((row) => row.id as string);
    const acmeApi = `namespace = 'acme' AND repository = 'api'`;
    const events = {
      admin: await newestFirst('event_log', 'published_at', 'TRUE'),
      olivia: await newestFirst('event_log', 'published_at', `namespace = 'acme'`),
      rita: await newestFirst('event_log', 'published_at', acmeApi),
      // A reader sees no pulls.
      reed: await newestFirst('event_log', 'published_at', `${acmeApi} AND type <> 'TAG_PULL'`),
    };
    const subscriptions = {
      admin: await newestFirst('subscriptions', 'created_at', 'TRUE'),
      olivia: await newestFirst('subscriptions', 'created_at', `namespace = 'acme'`),
      rita: await newestFirst('subscriptions', 'created_at', acmeApi),
      reed: [],
    };
    expect(events.admin).toHaveLength(130);
    for (const [name, user] of Object.entries({ admin: admin(), olivia, rita, reed })) {
      const auth = basicAuth(user);
      const who = name as keyof typeof events;
      const paged = (await allPages('/api/v0/events', auth, 17, (body) => body.events)).flat() as Json[];
      expect({ name, ids: paged.map((event) => event.id) }).toEqual({ name, ids: events[who] });
      // Without paging parameters, still a page: 20 events, the next page's start in the header.
      const first = await read('/api/v0/events', auth);
      expect({ name, ids: first.body.events.map((event: Json) => event.id) }).toEqual({
        name,
        ids: events[who].slice(0, 20),
      });
      expect(first.headers.get('x-next-page-start') !== null).toBe(events[who].length > 20);

      const overview = (await allPages('/api/v0/subscriptions', auth, 100)).flat() as Json[];
      expect({ name, ids: overview.map((subscription) => subscription.id) }).toEqual({
        name,
        ids: subscriptions[who],
      });
      expect((await read('/api/v0/subscriptions', auth)).body).toHaveLength(
        Math.min(50, subscriptions[who].length),
      );
    }
  });

  it('a client leaving a streamed listing early gives its database connection back', async () => {
    await insertSubscriptions(6000, 'big/api', ['TAG_PUSH'], DTR_FIELDS, 90_000);
    // More abandoned streams than the gateway's pool has connections (10).
    for (let i = 0; i < 15; i++) {
      const controller = new AbortController();
      const response = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
        headers: { authorization: basicAuth(admin()) },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
    }
    const answer = await read('/api/v0/webhooks', basicAuth(admin()));
    expect(answer.body).toHaveLength(822 + 6000);
    // No cursor is left open (a suspended one waits "idle in transaction").
    await eventually(async () => {
      const [{ open }] = await queryDatabase(
        stack,
        `SELECT count(*)::int AS open FROM pg_stat_activity
          WHERE datname = current_database() AND state <> 'idle' AND query LIKE '%FROM subscriptions s%'
            AND pid <> pg_backend_pid()`,
      );
      return open === 0 ? true : undefined;
    });
  });
});
