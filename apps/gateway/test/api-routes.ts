import { hashToken } from '@hookyard/auth';
import { eventStreamKey } from '@hookyard/queue';
import {
  basicAuth,
  createOrganization,
  createUserWithToken,
  gatewayApi,
  grantRepositoryAccess,
  HARBOR_FIXTURES_DIR,
  readFixture,
  startReceiver,
  startStack,
  type Receiver,
  type RequestTemplate,
  type Stack,
  type TestUser,
} from '@hookyard/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** What the routes act on: made once through the APIs, so that valid requests reach real rows. */
export interface Fixtures {
  admin: TestUser;
  /** A plain user: admin of fuzzorg/api through a grant, nothing else. */
  user: TestUser;
  /** Whose tokens, memberships and grants the routes change (never the callers'). */
  victim: TestUser & { tokenHash: string };
  webhookId: string;
  deliveryId: string;
  /** A recovery of the webhook's failed delivery, still queuing (no worker runs here). */
  recoveryId: string;
  quayUuid: string;
  alaudaId: string;
}

export type AuthScheme = 'Basic' | 'Bearer' | 'Token';

/** Gateway and ingest with the fixtures made, and what the routes can write, readable. */
export interface RouteStack {
  stack: Stack;
  db: Client;
  fixtures: Fixtures;
  routes: Route[];
  /** Rows (fingerprint) and event stream length. */
  written(): Promise<{ rows: string; stream: number }>;
  stop(): Promise<void>;
}

export async function startRouteStack(): Promise<RouteStack> {
  // A registry that knows no manifest: enrichment fails at once, events go out without platforms.
  const registry: Receiver = await startReceiver({ record: false, defaultResponse: { status: 404 } });
  const stack = await startStack({
    apps: ['gateway', 'ingest'],
    env: {
      REGISTRY_URL: registry.origin,
      // The callers here fail authentication, test and redeliver on purpose and often: with the
      // abuse limits on, the admin's requests would soon all be 429 and reach no route.
      THROTTLE_AUTH_FAILURES_PER_USER: '1000000/1m',
      THROTTLE_AUTH_FAILURES_PER_IP: '1000000/1m',
      THROTTLE_TEST_SENDS: '1000000/1m',
      THROTTLE_REDELIVERIES: '1000000/1m',
    },
  });
  const db = new Client({ connectionString: stack.database.url });
  await db.connect();
  const fixtures = await createFixtures(stack, db);
  const streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
  return {
    stack,
    db,
    fixtures,
    routes: everyRoute(fixtures),
    written: async () => ({ rows: await fingerprint(db), stream: await stack.redis.xlen(streamKey) }),
    stop: async () => {
      await db.end();
      await stack.stop();
      await registry.close();
    },
  };
}

/** One route with a valid request for it. */
export interface Route {
  app: 'gateway' | 'ingest';
  scheme: AuthScheme;
  template: RequestTemplate;
}

const ORG = 'fuzzorg';
const REPO = 'api';
const TEAM = 'fuzzteam';
/** The secret of the Alauda hook bodies: it must never show in a log. */
export const ALAUDA_SECRET = 'fuzz-secret-5b0c6e';

async function createFixtures(stack: Stack, db: Client): Promise<Fixtures> {
  const admin: TestUser = { name: 'admin', token: stack.adminToken };
  await createOrganization(stack, ORG);
  const user = await createUserWithToken(stack, 'fuzzuser');
  const victim = await createUserWithToken(stack, 'fuzzvictim');
  await grantRepositoryAccess(stack, `${ORG}/${REPO}`, user.name, 'admin');
  const call = async (method: string, path: string, body?: unknown, auth = basicAuth(admin)) => {
    const answer = await gatewayApi(stack, path, { method, body, auth });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Record<string, unknown>;
  };
  await call('POST', `/api/v0/accounts/${ORG}/teams`, { name: TEAM });
  const webhook = await call('POST', '/api/v0/webhooks', {
    type: 'TAG_PUSH',
    key: `${ORG}/${REPO}`,
    endpoint: 'http://127.0.0.1:9/hook',
  });
  const quay = await call('POST', `/api/v1/repository/${ORG}/${REPO}/notification/`, {
    event: 'repo_push',
    method: 'webhook',
    config: { url: 'http://127.0.0.1:9/quay' },
    eventConfig: {},
  });
  const alauda = await call(
    'POST',
    '/v1/hooks',
    {
      subject_type: 'image_repo',
      subject: `${ORG}/${REPO}`,
      events: ['image:push'],
      secret: ALAUDA_SECRET,
      url: 'http://127.0.0.1:9/alauda',
      name: 'fuzz hook',
    },
    `Token ${admin.token}`,
  );
  // A logged delivery of the webhook, as the worker writes one.
  const deliveryId = randomUUID();
  const eventId = `evt_${randomUUID()}`;
  await db.query(
    `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts, event)
     VALUES ($1, $2, $3, 'TAG_PUSH', 'msg_fuzz', 'failed', 1, $4)`,
    [
      deliveryId,
      eventId,
      webhook.id,
      JSON.stringify({ id: eventId, type: 'TAG_PUSH', namespace: ORG, repository: REPO, contents: {} }),
    ],
  );
  const recovery = await call('POST', `/api/v0/webhooks/${webhook.id}/deliveries/recover`, {
    since: new Date(Date.now() - 3600_000).toISOString(),
  });
  return {
    admin,
    user,
    victim: { ...victim, tokenHash: hashToken(victim.token) },
    webhookId: String(webhook.id),
    deliveryId,
    recoveryId: String(recovery.id),
    quayUuid: String(quay.uuid),
    alaudaId: String(alauda.id),
  };
}

/** `/api/v0/accounts/:name` with `{name: 'acme'}` → segments and which of them are parameters. */
function route(
  app: Route['app'],
  scheme: AuthScheme,
  method: string,
  path: string,
  values: Record<string, string>,
  extra: Pick<RequestTemplate, 'body' | 'query' | 'contentType'> = {},
): Route {
  const parts = path.split('/').filter(Boolean);
  const params: number[] = [];
  const segments = parts.map((part, index) => {
    if (!part.startsWith(':')) return part;
    params.push(index);
    return encodeURIComponent(values[part.slice(1)]);
  });
  return { app, scheme, template: { method, segments, params, ...extra } };
}

/** Every route of the gateway and of ingest (Harbor's two formats apart), each with a valid request. */
function everyRoute(fx: Fixtures): Route[] {
  const v = {
    ns: ORG,
    repo: REPO,
    team: TEAM,
    member: fx.victim.name,
    user: fx.victim.name,
    id: fx.webhookId,
    delivery: fx.deliveryId,
    recovery: fx.recoveryId,
    hash: fx.victim.tokenHash,
    uuid: fx.quayUuid,
    hook: fx.alaudaId,
  };
  const dtr = (method: string, path: string, extra?: Parameters<typeof route>[5]) =>
    route('gateway', 'Basic', method, `/api/v0${path}`, v, extra);
  const quay = (method: string, path: string, extra?: Parameters<typeof route>[5]) =>
    route('gateway', 'Bearer', method, `/api/v1/repository/:ns/:repo/notification${path}`, v, extra);
  const alauda = (method: string, path: string, extra?: Parameters<typeof route>[5]) =>
    route('gateway', 'Token', method, `/v1/hooks${path}`, v, extra);
  const endpoint = 'http://127.0.0.1:9/hook';
  return [
    dtr('POST', '/webhooks', { body: { type: 'TAG_PUSH', key: `${ORG}/${REPO}`, endpoint } }),
    dtr('GET', '/webhooks'),
    dtr('POST', '/webhooks/test', { body: { type: 'TAG_PUSH', endpoint } }),
    dtr('POST', '/webhooks/update', {
      body: { webhookID: fx.webhookId, endpoint, inactive: false, skipTLSVerification: false, tlsCert: '' },
    }),
    dtr('GET', '/webhooks/:id/secret'),
    dtr('POST', '/webhooks/:id/secret/rotate', { body: { expireAfter: '1h' } }),
    dtr('DELETE', '/webhooks/:id'),
    dtr('GET', '/repositories/:ns/:repo/webhooks'),
    dtr('GET', '/repositories/:ns/webhooks'),
    dtr('GET', '/accounts/:ns/webhooks'),
    dtr('GET', '/webhooks/:id/deliveries', { query: { status: 'failed', pageSize: '10' } }),
    dtr('GET', '/webhooks/:id/deliveries/:delivery'),
    dtr('POST', '/webhooks/:id/deliveries/:delivery/redeliver'),
    dtr('POST', '/webhooks/:id/deliveries/recover', {
      body: { since: new Date(Date.now() - 3600_000).toISOString() },
    }),
    dtr('GET', '/webhooks/:id/deliveries/recover/:recovery'),
    dtr('POST', '/accounts', {
      body: { name: 'newuser', isOrg: false, fullName: 'New User', isAdmin: false },
    }),
    dtr('GET', '/accounts/:user'),
    dtr('PATCH', '/accounts/:user', { body: { fullName: 'Victim', isActive: true } }),
    dtr('PUT', '/accounts/:ns/members/:member', { body: { isAdmin: false } }),
    dtr('DELETE', '/accounts/:ns/members/:member'),
    dtr('GET', '/accounts/:ns/teams'),
    dtr('POST', '/accounts/:ns/teams', { body: { name: 'newteam', description: 'a team' } }),
    dtr('DELETE', '/accounts/:ns/teams/:team'),
    dtr('PUT', '/accounts/:ns/teams/:team/members/:member'),
    dtr('DELETE', '/accounts/:ns/teams/:team/members/:member'),
    dtr('POST', '/api_tokens', {
      query: { username: fx.victim.name },
      body: { tokenLabel: 'label', expiresAt: '2099-01-01T00:00:00Z' },
    }),
    dtr('GET', '/api_tokens', { query: { username: fx.victim.name } }),
    dtr('DELETE', '/api_tokens', { query: { username: fx.victim.name } }),
    dtr('GET', '/api_tokens/:hash'),
    dtr('PATCH', '/api_tokens/:hash', { body: { tokenLabel: 'renamed', isActive: true } }),
    dtr('DELETE', '/api_tokens/:hash'),
    dtr('GET', '/repositories/:ns/:repo/teamAccess'),
    dtr('PUT', '/repositories/:ns/:repo/teamAccess/:team', { body: { accessLevel: 'read-only' } }),
    dtr('DELETE', '/repositories/:ns/:repo/teamAccess/:team'),
    dtr('PUT', '/repositories/:ns/:repo/userAccess/:user', { body: { accessLevel: 'read-write' } }),
    dtr('DELETE', '/repositories/:ns/:repo/userAccess/:user'),
    dtr('GET', '/accounts/:user/repositoryAccess/:ns/:repo'),
    dtr('GET', '/repositoryNamespaces/:ns/teamAccess', { query: { pageSize: '10' } }),
    dtr('GET', '/repositoryNamespaces/:ns/teamAccess/:team'),
    dtr('PUT', '/repositoryNamespaces/:ns/teamAccess/:team', { body: { accessLevel: 'read-only' } }),
    dtr('DELETE', '/repositoryNamespaces/:ns/teamAccess/:team'),
    dtr('GET', '/accounts/:ns/teams/:team/repositoryAccess', { query: { pageSize: '10' } }),
    dtr('GET', '/events', {
      query: { eventType: 'TAG_PUSH', namespace: ORG, repository: REPO, actor: 'fuzz', pageSize: '10' },
    }),
    dtr('GET', '/repositories'),
    dtr('GET', '/repositories/:ns', { query: { pageSize: '10' } }),
    dtr('POST', '/repositories/:ns', {
      body: { name: 'newrepo', shortDescription: 'a repository', visibility: 'public', tagLimit: 3 },
    }),
    dtr('GET', '/repositories/:ns/:repo'),
    dtr('PATCH', '/repositories/:ns/:repo', { body: { shortDescription: 'changed', scanOnPush: true } }),
    dtr('DELETE', '/repositories/:ns/:repo'),
    dtr('DELETE', '/accounts/:user'),
    dtr('GET', '/repositories/:ns/:repo/events', {
      query: { publishedAfter: '2026-01-01T00:00:00Z', publishedBefore: '2027-01-01T00:00:00Z' },
    }),
    quay('POST', '/', {
      body: {
        event: 'vulnerability_found',
        method: 'webhook',
        config: { url: endpoint },
        eventConfig: { vulnerability: { priority: 'High' } },
        title: 'CVEs',
      },
    }),
    quay('GET', '/'),
    quay('GET', '/:uuid'),
    quay('DELETE', '/:uuid'),
    quay('POST', '/:uuid'),
    quay('POST', '/:uuid/test'),
    alauda('POST', '', {
      body: {
        subject_type: 'image_repo',
        subject: `${ORG}/${REPO}`,
        events: ['image:push'],
        secret: ALAUDA_SECRET,
        url: endpoint,
        name: 'hook',
      },
    }),
    alauda('GET', '', { query: { subject_type: 'image_repo', subject: `${ORG}/${REPO}` } }),
    alauda('GET', '/:hook'),
    alauda('PUT', '/:hook', {
      body: {
        events: ['image:push'],
        secret: ALAUDA_SECRET,
        url: endpoint,
        name: 'renamed',
        is_active: true,
      },
    }),
    alauda('POST', '/:hook/secret/rotate', { body: { secret: ALAUDA_SECRET, expire_after: '1h' } }),
    alauda('DELETE', '/:hook'),
    route('ingest', 'Bearer', 'POST', '/events', v, {
      body: {
        events: [
          {
            type: 'TAG_PUSH',
            id: 'producer-1',
            contents: {
              namespace: ORG,
              repository: REPO,
              tag: '1.0',
              digest: `sha256:${'a'.repeat(64)}`,
              imageName: `${ORG}/${REPO}:1.0`,
              os: 'linux',
              architecture: 'amd64',
              author: 'fuzz',
              pushedAt: '2026-01-01T00:00:00Z',
            },
          },
        ],
      },
    }),
    ...['default/push-artifact.json', 'cloudevents/push-artifact.json'].map((name) => {
      const { contentType, body } = readFixture(HARBOR_FIXTURES_DIR, name);
      return route('ingest', 'Bearer', 'POST', '/events/harbor', v, { contentType, body });
    }),
    route('ingest', 'Bearer', 'POST', '/events/distribution', v, {
      contentType: 'application/vnd.docker.distribution.events.v1+json',
      body: {
        events: [
          {
            id: 'fuzz-1',
            timestamp: '2026-01-01T00:00:00.000000000Z',
            action: 'push',
            target: {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: `sha256:${'b'.repeat(64)}`,
              repository: `${ORG}/${REPO}`,
              tag: '1.0',
              url: `http://127.0.0.1:9/v2/${ORG}/${REPO}/manifests/sha256:${'b'.repeat(64)}`,
            },
            request: { id: 'r1', host: 'registry', useragent: 'fuzz' },
            actor: { name: 'fuzz' },
          },
        ],
      },
    }),
  ];
}

/**
 * Everything the APIs can write, in one value: row counts and contents of the gateway's tables
 * (api_tokens without last_used_at, which every authenticated request updates) and of the
 * registry repositories ingest records.
 */
async function fingerprint(db: Client): Promise<string> {
  const tables = [
    ['accounts', 't::text'],
    ['api_tokens', '(t.id, t.account_id, t.token_hash, t.token_label, t.is_active)::text'],
    ['subscriptions', 't::text'],
    ['teams', 't::text'],
    ['team_members', 't::text'],
    ['organization_members', 't::text'],
    ['repository_access', 't::text'],
    ['namespace_access', 't::text'],
    ['namespace_deletions', 't::text'],
    ['repository_deletions', 't::text'],
    ['registry_repositories', 't::text'],
    ['deliveries', 't::text'],
    ['delivery_recoveries', '(t.id, t.subscription_id, t.total, t.state, t.stopped_reason)::text'],
    ['delivery_recovery_items', 't::text'],
  ];
  const { rows } = await db.query(
    `SELECT ${tables
      .map(
        ([table, row]) =>
          `(SELECT count(*) || ':' || md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) FROM ${table} t)`,
      )
      .join(" || ' ' || ")} AS fingerprint`,
  );
  return (rows[0] as { fingerprint: string }).fingerprint;
}
