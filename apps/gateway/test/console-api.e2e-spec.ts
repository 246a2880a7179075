import {
  callApi,
  createOrganization,
  createUserWithToken,
  eventually,
  grantRepositoryAccess,
  Receiver,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';
import { DTR_EVENT_TYPES } from '@hookyard/events';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

interface Summary {
  id: string;
  api: string;
  key: string;
  apiEvents: string[];
  health: string;
  ref: { uuid?: string; hookId?: number };
}

/** The gateway side of the web console: session cookie, CSRF lock, and the console's extension routes. */
describe('console API (e2e)', () => {
  let stack: Stack;
  let gateway: string;
  let receiver: Receiver;
  let rita: TestUser;
  let ritaAuth: string;
  const ids: Record<string, string> = {};

  async function signIn(username: string, token: string, headers: Record<string, string> = {}) {
    return fetch(`${gateway}/api/v0/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, token }),
    });
  }

  const sessionCookie = (response: Response) => response.headers.get('set-cookie')!.split(';')[0];

  beforeAll(async () => {
    // A key for static headers, which are stored encrypted.
    stack = await startStack({ env: { SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') } });
    gateway = stack.url('gateway');
    receiver = await startReceiver();
    await createOrganization(stack, 'acme');
    await createOrganization(stack, 'other');
    rita = await createUserWithToken(stack, 'rita');
    ritaAuth = basic('rita', rita.token);
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    const dtr = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
      type: 'TAG_PUSH',
      key: 'acme/api',
      endpoint: `${receiver.origin}/dtr`,
    });
    ids.dtr = ((await dtr.json()) as { id: string }).id;
    const quay = await callApi(
      'POST',
      `${gateway}/api/v1/repository/acme/api/notification/`,
      stack.adminAuth,
      {
        event: 'repo_push',
        method: 'webhook',
        config: { url: `${receiver.origin}/quay` },
        eventConfig: {},
        title: 'Quay push',
      },
    );
    expect(quay.status).toBe(201);
    const alauda = await callApi('POST', `${gateway}/v1/hooks`, stack.adminAuth, {
      subject_type: 'image_repo',
      subject: 'acme/api',
      events: ['image:push'],
      secret: 'alauda-secret',
      url: `${receiver.origin}/alauda`,
      name: 'alauda push',
    });
    expect(alauda.status).toBe(201);
    const hidden = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
      type: 'TAG_PUSH',
      key: 'other/app',
      endpoint: `${receiver.origin}/other`,
    });
    ids.hidden = ((await hidden.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  describe('session cookie', () => {
    it('refuses a wrong username or token, and an empty form, with a clear error', async () => {
      const wrong = await signIn('rita', 'not-her-token');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect(await wrong.json()).toEqual({
        errors: [
          expect.objectContaining({ code: 'NOT_AUTHENTICATED', message: 'Wrong username or API token.' }),
        ],
      });
      expect((await signIn('admin', rita.token)).status).toBe(401);
      const empty = await signIn('', '');
      expect(empty.status).toBe(400);
      expect(JSON.stringify(await empty.json())).toContain('username is required');
    });

    it('counts wrong sign-ins like wrong Authorization headers: 429 past the limit', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 11; attempt++) {
        statuses.push((await signIn('mallory', `guess-${attempt}`)).status);
      }
      // THROTTLE_AUTH_FAILURES_PER_USER (10 in 5 minutes) from this client, then refused.
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses.at(-1)).toBe(429);
      expect((await signIn('rita', rita.token)).status).toBe(200);
    });

    it('opens an httpOnly, SameSite=Strict session that every API accepts', async () => {
      const opened = await signIn('rita', rita.token, { origin: gateway });
      expect(opened.status).toBe(200);
      expect(await opened.json()).toMatchObject({
        account: { name: 'rita', isAdmin: false },
        expiresAt: expect.any(String),
      });
      const setCookie = opened.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^hookyard_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).toContain('Expires=');
      const cookie = sessionCookie(opened);
      for (const path of [
        '/api/v0/session',
        '/api/v0/webhooks',
        '/api/v1/repository/acme/api/notification/',
        '/v1/hooks',
      ]) {
        const response = await fetch(`${gateway}${path}`, { headers: { cookie } });
        expect([path, response.status]).toEqual([path, 200]);
      }
      // The session lives in Redis with its expiry.
      const keys = await stack.redis.keys(`${stack.env.REDIS_PREFIX}:console-sessions:*`);
      expect(keys.length).toBeGreaterThan(0);
      const ttl = await stack.redis.ttl(keys[0]);
      expect(ttl).toBeGreaterThan(8 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(8 * 3600);
    });

    it('refuses state-changing requests with the cookie from another site', async () => {
      const cookie = sessionCookie(await signIn('rita', rita.token));
      const body = JSON.stringify({ type: 'TAG_PUSH', key: 'acme/api', endpoint: `${receiver.origin}/csrf` });
      const post = (headers: Record<string, string>) =>
        fetch(`${gateway}/api/v0/webhooks`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', ...headers },
          body,
        });
      const crossSite: Array<Record<string, string>> = [
        { origin: 'http://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'null' },
      ];
      for (const headers of crossSite) {
        const refused = await post(headers);
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual({
          errors: [expect.objectContaining({ code: 'CROSS_ORIGIN_REQUEST' })],
        });
      }
      // The refusals are logged (warn), without the session id.
      await eventually(async () =>
        stack.logs('gateway').includes('"cookie":"[Redacted]"') ? true : undefined,
      );
      expect(stack.logs('gateway')).not.toContain(cookie.split('=')[1]);
      const forgedSignIn = await signIn('rita', rita.token, { origin: 'http://evil.example' });
      expect(forgedSignIn.status).toBe(403);
      expect(forgedSignIn.headers.get('set-cookie')).toBeNull();
      const sameSite = await post({ origin: gateway, 'sec-fetch-site': 'same-origin' });
      expect(sameSite.status).toBe(201);
      await callApi(
        'DELETE',
        `${gateway}/api/v0/webhooks/${((await sameSite.json()) as { id: string }).id}`,
        stack.adminAuth,
      );
    });

    it('reads only the Authorization header when one is sent', async () => {
      const cookie = sessionCookie(await signIn('rita', rita.token));
      const response = await fetch(`${gateway}/api/v0/session`, {
        headers: { cookie, authorization: 'Bearer wrong' },
      });
      expect(response.status).toBe(401);
    });

    it('ends with sign out, and with the token it was opened with', async () => {
      const cookie = sessionCookie(await signIn('rita', rita.token));
      const out = await fetch(`${gateway}/api/v0/session`, { method: 'DELETE', headers: { cookie } });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^hookyard_session=; .*Expires=Thu, 01 Jan 1970/);
      expect((await fetch(`${gateway}/api/v0/session`, { headers: { cookie } })).status).toBe(401);

      const second = await createUserWithToken(stack, 'sam');
      const samCookie = sessionCookie(await signIn('sam', second.token));
      expect((await fetch(`${gateway}/api/v0/session`, { headers: { cookie: samCookie } })).status).toBe(200);
      const [token] = (await (
        await callApi('GET', `${gateway}/api/v0/api_tokens?username=sam`, stack.adminAuth)
      ).json()) as Array<{
        hashedToken: string;
      }>;
      await callApi('DELETE', `${gateway}/api/v0/api_tokens/${token.hashedToken}`, stack.adminAuth);
      expect((await fetch(`${gateway}/api/v0/session`, { headers: { cookie: samCookie } })).status).toBe(401);
    });

    it('lasts no longer than the token it was opened with, and ends when it expires', async () => {
      const tokenExpiresAt = new Date(Date.now() + 4000);
      const made = await callApi('POST', `${gateway}/api/v0/api_tokens?username=rita`, stack.adminAuth, {
        expiresAt: tokenExpiresAt.toISOString(),
      });
      const { token } = (await made.json()) as { token: string };
      const opened = await signIn('rita', token);
      expect(opened.status).toBe(200);
      const { expiresAt } = (await opened.json()) as { expiresAt: string };
      // Whole seconds (Redis' EX): at most one past the token's expiry, never CONSOLE_SESSION_TTL.
      expect(new Date(expiresAt).getTime()).toBeLessThanOrEqual(tokenExpiresAt.getTime() + 1000);
      const cookie = sessionCookie(opened);
      expect((await fetch(`${gateway}/api/v0/session`, { headers: { cookie } })).status).toBe(200);
      await eventually(async () =>
        (await fetch(`${gateway}/api/v0/webhooks`, { headers: { cookie } })).status === 401
          ? true
          : undefined,
      );
      // An expired token opens no session either.
      expect((await signIn('rita', token)).status).toBe(401);
    });
  });

  describe('webhook types', () => {
    it('explains every DTR type and says which the caller may subscribe to with a key', async () => {
      const forRepo = (await (
        await callApi('GET', `${gateway}/api/v0/webhook_types?key=acme/api`, ritaAuth)
      ).json()) as Array<{
        type: string;
        allowed: boolean;
        reason: string | null;
        description: string;
      }>;
      expect(forRepo.map((t) => t.type)).toEqual([...DTR_EVENT_TYPES]);
      expect(forRepo.find((t) => t.type === 'TAG_PUSH')).toMatchObject({
        allowed: true,
        reason: null,
        description: expect.stringContaining('tag was pushed'),
        namesTag: true,
        namesRepository: true,
      });
      // Which filters apply: a manifest event names no tag, a scanner update no repository.
      expect(forRepo.find((t) => t.type === 'MANIFEST_PUSH')).toMatchObject({ namesTag: false });
      expect(forRepo.find((t) => t.type === 'SCANNER_UPDATE_COMPLETED')).toMatchObject({
        namesTag: false,
        namesRepository: false,
      });
      expect(forRepo.find((t) => t.type === 'REPO_CREATED')).toMatchObject({
        allowed: false,
        reason: expect.stringContaining('must be a namespace'),
      });
      expect(forRepo.find((t) => t.type === 'SCANNER_UPDATE_COMPLETED')).toMatchObject({
        allowed: false,
        reason: expect.stringContaining('global event'),
      });

      const forNamespace = (await (
        await callApi('GET', `${gateway}/api/v0/webhook_types?key=acme`, ritaAuth)
      ).json()) as Array<{ allowed: boolean; reason: string }>;
      expect(forNamespace.filter((t) => t.allowed)).toEqual([]);
      expect(forNamespace[0].reason).toContain(
        'you need repository-admin access to subscribe to TAG_PUSH on acme',
      );

      const keyless = (await (
        await callApi('GET', `${gateway}/api/v0/webhook_types`, stack.adminAuth)
      ).json()) as Array<{ allowed: boolean }>;
      expect(keyless.every((t) => t.allowed)).toBe(true);

      const bad = await callApi('GET', `${gateway}/api/v0/webhook_types?key=Not%20A%20Key`, ritaAuth);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('key must be a namespace or namespace/repository');
    });
  });

  describe('subscriptions of every API', () => {
    const list = async (auth: string, query = '') => {
      const response = await callApi('GET', `${gateway}/api/v0/subscriptions${query}`, auth);
      expect(response.status).toBe(200);
      return { rows: (await response.json()) as Summary[], next: response.headers.get('x-next-page-start') };
    };

    it('lists what the caller administers, whoever made it, from all three APIs, newest first', async () => {
      const { rows } = await list(ritaAuth);
      expect(rows.map((row) => row.api)).toEqual(['alauda', 'quay', 'dtr']);
      expect(rows.every((row) => row.key === 'acme/api')).toBe(true);
      expect(rows[0]).toMatchObject({ apiEvents: ['image:push'], ref: { hookId: expect.any(Number) } });
      expect(rows[1]).toMatchObject({ apiEvents: ['repo_push'], ref: { uuid: expect.any(String) } });
      expect((await list(stack.adminAuth)).rows).toHaveLength(4);
    });

    it('filters by API, type, repository, health and text, and pages by cursor', async () => {
      expect((await list(stack.adminAuth, '?api=quay')).rows.map((row) => row.api)).toEqual(['quay']);
      expect((await list(stack.adminAuth, '?repository=other')).rows.map((row) => row.id)).toEqual([
        ids.hidden,
      ]);
      expect((await list(stack.adminAuth, '?repository=acme/api&type=TAG_PUSH')).rows).toHaveLength(3);
      expect((await list(stack.adminAuth, '?type=TAG_DELETE')).rows).toEqual([]);
      expect((await list(stack.adminAuth, '?q=ALAUDA%20PUSH')).rows.map((row) => row.api)).toEqual([
        'alauda',
      ]);
      expect((await list(stack.adminAuth, '?q=%25')).rows).toEqual([]);
      expect((await list(stack.adminAuth, '?health=inactive')).rows).toEqual([]);
      const first = await list(stack.adminAuth, '?pageSize=3');
      expect(first.rows).toHaveLength(3);
      const second = await list(stack.adminAuth, `?pageSize=3&pageStart=${first.next}`);
      expect(second.next).toBeNull();
      expect([...first.rows, ...second.rows].map((row) => row.id).sort()).toEqual(
        (await list(stack.adminAuth)).rows.map((row) => row.id).sort(),
      );
      for (const query of [
        '?health=sick',
        '?api=github',
        '?pageSize=0',
        '?pageStart=nonsense',
        '?repository=Bad/Name',
      ]) {
        const bad = await callApi('GET', `${gateway}/api/v0/subscriptions${query}`, stack.adminAuth);
        expect([query, bad.status]).toEqual([query, 400]);
      }
    });

    it('shows one, tests it with its own format and secret, and reads its secret, for those who administer it', async () => {
      // rita has no access to other/app: for her that webhook does not exist.
      expect((await callApi('GET', `${gateway}/api/v0/subscriptions/${ids.hidden}`, ritaAuth)).status).toBe(
        404,
      );
      expect(
        (await callApi('GET', `${gateway}/api/v0/subscriptions/${'0'.repeat(64)}`, ritaAuth)).status,
      ).toBe(404);
      const { rows } = await list(ritaAuth, '?api=quay');
      const test = await callApi('POST', `${gateway}/api/v0/subscriptions/${rows[0].id}/test`, ritaAuth);
      expect(test.status).toBe(200);
      expect(await test.json()).toMatchObject({ eventType: 'TAG_PUSH', delivered: true, statusCode: 200 });
      const sent = await receiver.waitForRequest((request) => request.path === '/quay');
      // Quay's repo_push shape, not DTR's wrapper.
      expect(JSON.parse(sent.body)).toMatchObject({
        repository: 'foo/bar',
        updated_tags: expect.arrayContaining(['latest']),
      });

      // The admin made it; rita administers acme/api now, so she may read its secret.
      const secret = await callApi('GET', `${gateway}/api/v0/subscriptions/${rows[0].id}/secret`, ritaAuth);
      expect(await secret.json()).toEqual({ id: rows[0].id, secret: expect.stringMatching(/^whsec_/) });
      expect(
        (await callApi('GET', `${gateway}/api/v0/subscriptions/${ids.hidden}/secret`, ritaAuth)).status,
      ).toBe(404);
    });
    it("shows each one's options as its API does (header values masked), and a secret rotation under way", async () => {
      const made = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
        type: 'TAG_PUSH',
        key: 'acme/options',
        endpoint: `${receiver.origin}/options`,
        tagPattern: 'v*',
        payloadFormat: 'cloudevents',
        headers: { Authorization: 'Bearer for-the-receiver' },
      });
      expect(made.status).toBe(201);
      const { id } = (await made.json()) as { id: string };
      const summary = async () =>
        (await (
          await callApi('GET', `${gateway}/api/v0/subscriptions/${id}`, stack.adminAuth)
        ).json()) as Record<string, unknown>;
      const before = await summary();
      expect(before).toMatchObject({
        tagPattern: 'v*',
        payloadFormat: 'cloudevents',
        headers: { Authorization: '***' },
      });
      expect(before).not.toHaveProperty('repositoryPattern');
      expect(before).not.toHaveProperty('previousSecretExpiresAt');
      expect(JSON.stringify(before)).not.toContain('for-the-receiver');

      const rotated = await callApi(
        'POST',
        `${gateway}/api/v0/webhooks/${id}/secret/rotate`,
        stack.adminAuth,
        {
          expireAfter: '1h',
        },
      );
      const { secret, previousSecretExpiresAt } = (await rotated.json()) as Record<string, string>;
      expect((await summary()).previousSecretExpiresAt).toBe(previousSecretExpiresAt);
      const read = await callApi('GET', `${gateway}/api/v0/subscriptions/${id}/secret`, stack.adminAuth);
      expect(await read.json()).toEqual({ id, secret, previousSecretExpiresAt });
      expect((await callApi('DELETE', `${gateway}/api/v0/webhooks/${id}`, stack.adminAuth)).status).toBe(204);
    });
  });

  describe('delivery log and statistics', () => {
    it('filters a delivery log by type and time, and counts deliveries per minute and failures', async () => {
      receiver.setDefaultResponse({ status: 500 });
      await stack.appendEvents([tagPushEvent('acme/api'), tagPushEvent('other/app')]);
      // Each of the four subscriptions fails its first attempts (then retries, every 200-800 ms).
      await eventually(async () => {
        const stats = (await (
          await callApi('GET', `${gateway}/api/v0/delivery_stats?minutes=10`, stack.adminAuth)
        ).json()) as {
          failingEndpoints: unknown[];
        };
        return stats.failingEndpoints.length === 4 ? true : undefined;
      }, 30_000);

      const adminStats = (await (
        await callApi('GET', `${gateway}/api/v0/delivery_stats?minutes=10`, stack.adminAuth)
      ).json()) as {
        perMinute: Array<{ minute: string; succeeded: number; failed: number; pending: number }>;
        totals: Record<string, number>;
        failingEndpoints: Array<{ subscriptionId: string; endpoint: string; failures: number }>;
      };
      expect(adminStats.perMinute).toHaveLength(10);
      const counted = adminStats.perMinute.reduce((sum, m) => sum + m.succeeded + m.failed + m.pending, 0);
      expect(counted).toBe(4);
      const ritaStats = (await (
        await callApi('GET', `${gateway}/api/v0/delivery_stats?minutes=10`, ritaAuth)
      ).json()) as typeof adminStats;
      expect(ritaStats.failingEndpoints.map((row) => row.subscriptionId)).not.toContain(ids.hidden);
      expect(ritaStats.failingEndpoints).toHaveLength(3);
      expect((await callApi('GET', `${gateway}/api/v0/delivery_stats?minutes=2`, ritaAuth)).status).toBe(400);
      // Until here every attempt failed, so the counts above cannot move under the test.
      receiver.setDefaultResponse({ status: 200 });

      const log = `${gateway}/api/v0/webhooks/${ids.dtr}/deliveries`;
      expect(await (await callApi('GET', `${log}?eventType=TAG_PUSH`, ritaAuth)).json()).toHaveLength(1);
      expect(await (await callApi('GET', `${log}?eventType=TAG_DELETE`, ritaAuth)).json()).toEqual([]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect(await (await callApi('GET', `${log}?since=${future}`, ritaAuth)).json()).toEqual([]);
      expect(await (await callApi('GET', `${log}?until=${future}`, ritaAuth)).json()).toHaveLength(1);
      const bad = await callApi('GET', `${log}?since=yesterday`, ritaAuth);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('since must be a date-time');
    });

    it('pages 10,000 deliveries by index, newest first, none twice', async () => {
      const client = new Client({ connectionString: stack.database.url });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts, created_at, updated_at)
           SELECT gen_random_uuid(), 'bulk-' || n, $1, 'TAG_PUSH', 'msg_bulk' || n, 'succeeded', 1,
                  now() - make_interval(secs => n), now() - make_interval(secs => n)
             FROM generate_series(1, 10000) AS n`,
          [ids.hidden],
        );
        await client.query('ANALYZE deliveries');
        const plan = await client.query(
          `EXPLAIN (FORMAT JSON) SELECT * FROM deliveries d WHERE d.subscription_id = $1 AND d.status = 'succeeded'
             AND (d.created_at, d.id) < ($2, $3) ORDER BY d.created_at DESC, d.id DESC LIMIT 101`,
          [ids.hidden, new Date().toISOString(), randomUUID()],
        );
        // Each page reads one range of (subscription_id, status, created_at) per status, however deep.
        expect(JSON.stringify(plan.rows)).toMatch(/Index Scan/);
      } finally {
        await client.end();
      }
      const seen = new Set<string>();
      let cursor: string | null = null;
      let previous = Infinity;
      const timings: number[] = [];
      do {
        const started = performance.now();
        const response = await callApi(
          'GET',
          `${gateway}/api/v0/webhooks/${ids.hidden}/deliveries?pageSize=100${cursor ? `&pageStart=${cursor}` : ''}`,
          stack.adminAuth,
        );
        timings.push(performance.now() - started);
        for (const delivery of (await response.json()) as Array<{ id: string; createdAt: string }>) {
          expect(seen.has(delivery.id)).toBe(false);
          seen.add(delivery.id);
          const time = Date.parse(delivery.createdAt);
          expect(time).toBeLessThanOrEqual(previous);
          previous = time;
        }
        cursor = response.headers.get('x-next-page-start');
      } while (cursor);
      expect(seen.size).toBeGreaterThanOrEqual(10_000);
      console.log(
        `delivery log pages of 100 over 10,000 rows: first ${timings[0].toFixed(1)} ms, last ${timings.at(-1)!.toFixed(1)} ms`,
      );
    });
  });

  describe('accounts, members and grants', () => {
    it('lists accounts, organization and team members, and a repository’s user grants', async () => {
      await callApi('PUT', `${gateway}/api/v0/accounts/acme/members/rita`, stack.adminAuth, {
        isAdmin: false,
      });
      await callApi('POST', `${gateway}/api/v0/accounts/acme/teams`, stack.adminAuth, { name: 'ci' });
      await callApi('PUT', `${gateway}/api/v0/accounts/acme/teams/ci/members/rita`, stack.adminAuth);

      const all = (await (
        await callApi('GET', `${gateway}/api/v0/accounts`, stack.adminAuth)
      ).json()) as Array<{ name: string }>;
      expect(all.map((a) => a.name)).toEqual(expect.arrayContaining(['acme', 'admin', 'other', 'rita']));
      const mine = (await (await callApi('GET', `${gateway}/api/v0/accounts`, ritaAuth)).json()) as Array<{
        name: string;
      }>;
      expect(mine.map((a) => a.name)).toEqual(['rita', 'acme']);

      expect(
        await (await callApi('GET', `${gateway}/api/v0/accounts/acme/members`, stack.adminAuth)).json(),
      ).toEqual([{ member: expect.objectContaining({ name: 'rita' }), isAdmin: false }]);
      expect((await callApi('GET', `${gateway}/api/v0/accounts/acme/members`, ritaAuth)).status).toBe(403);
      expect(
        await (
          await callApi('GET', `${gateway}/api/v0/accounts/acme/teams/ci/members`, stack.adminAuth)
        ).json(),
      ).toEqual([{ member: expect.objectContaining({ name: 'rita' }) }]);
      expect(
        (await callApi('GET', `${gateway}/api/v0/accounts/acme/teams/nope/members`, stack.adminAuth)).status,
      ).toBe(404);
      expect(
        await (
          await callApi('GET', `${gateway}/api/v0/repositories/acme/api/userAccess`, stack.adminAuth)
        ).json(),
      ).toEqual({
        repository: expect.objectContaining({ namespace: 'acme', name: 'api', id: expect.any(String) }),
        userAccessList: [{ accessLevel: 'admin', user: expect.objectContaining({ name: 'rita' }) }],
      });
      expect(
        (await callApi('GET', `${gateway}/api/v0/repositories/acme/api/userAccess`, ritaAuth)).status,
      ).toBe(403);
    });
  });

  describe('console pages', () => {
    it('serves the console at / and client routes, never under the API paths', async () => {
      const page = await fetch(`${gateway}/webhooks/abc`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const api = await fetch(`${gateway}/api/v0/nothing`, { headers: { accept: 'text/html' } });
      expect(api.status).toBe(404);
      expect(await api.json()).toEqual({ errors: [expect.objectContaining({ code: 'NOT_FOUND' })] });
      expect(
        (await fetch(`${gateway}/healthz`, { headers: { accept: 'text/html' } })).headers.get('content-type'),
      ).toContain('json');
    });
  });
});
