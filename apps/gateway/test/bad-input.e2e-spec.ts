import { Stack, startStack } from '@hookyard/testing';
import { Client } from 'pg';

/** Bad requests get the right status and a message naming the problem, and write nothing. */
describe('bad input (e2e)', () => {
  let stack: Stack;
  let db: Client;
  const subscriptionCount = async () =>
    Number((await db.query('SELECT count(*) FROM subscriptions')).rows[0].count);
  const streamLength = () => stack.redis.xlen(`${stack.env.REDIS_PREFIX}:events`);

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway', 'ingest'] });
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const webhooks = (init: RequestInit & { auth?: string | null } = {}) =>
    fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      ...init,
      headers: {
        ...(init.auth === null ? {} : { authorization: init.auth ?? stack.adminAuth }),
        ...(init.headers as Record<string, string>),
      },
    });

  it.each([
    [
      'malformed JSON',
      { headers: { 'content-type': 'application/json' }, body: '{"type":"TAG_PUSH",' },
      400,
      'INVALID_JSON',
      /not valid JSON/,
    ],
    [
      'a wrong content type',
      { headers: { 'content-type': 'text/plain' }, body: '{}' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /Content-Type must be application\/json, not text\/plain/,
    ],
    [
      'no credentials',
      { auth: null, headers: { 'content-type': 'application/json' }, body: '{}' },
      401,
      'NOT_AUTHENTICATED',
      /not authenticated/,
    ],
    [
      'a wrong token',
      {
        auth: `Basic ${Buffer.from('admin:wrong-token').toString('base64')}`,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
      401,
      'NOT_AUTHENTICATED',
      /not authenticated/,
    ],
    [
      'an unknown type',
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'TAG_PUSHED', key: 'a/b', endpoint: 'http://127.0.0.1:1/' }),
      },
      400,
      'INVALID_PARAMETERS',
      /type must be one of/,
    ],
    [
      'a non-http endpoint',
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'TAG_PUSH', key: 'a/b', endpoint: 'ftp://127.0.0.1/x' }),
      },
      400,
      'INVALID_PARAMETERS',
      /endpoint must use http or https/,
    ],
  ] as const)('POST /api/v0/webhooks with %s', async (_, init, status, code, message) => {
    const response = await webhooks(init as RequestInit);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { errors: Array<{ code: string; message: string }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].code).toBe(code);
    expect(body.errors[0].message).toMatch(message);
    expect(await subscriptionCount()).toBe(0);
  });

  it('DELETE of an unknown subscription id → 404 NO_SUCH_WEBHOOK', async () => {
    const id = 'f'.repeat(64);
    const response = await fetch(`${stack.url('gateway')}/api/v0/webhooks/${id}`, {
      method: 'DELETE',
      headers: { authorization: stack.adminAuth },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [{ code: 'NO_SUCH_WEBHOOK', message: `webhook ${id} does not exist`, detail: { id } }],
    });
  });

  const distribution = (headers: Record<string, string>, body: string) =>
    fetch(`${stack.url('ingest')}/events/distribution`, { method: 'POST', headers, body });
  const envelope = JSON.stringify({
    events: [
      {
        id: 'bad-input-1',
        timestamp: '2026-11-23T06:00:49.428813134Z',
        action: 'push',
        target: {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${'a'.repeat(64)}`,
          repository: 'acme/api',
          tag: '1.0',
        },
      },
    ],
  });
  const mediaType = 'application/vnd.docker.distribution.events.v1+json';

  it.each([
    ['no token', { 'content-type': mediaType }, envelope, 401, /Bearer/],
    [
      'a wrong token',
      { 'content-type': mediaType, authorization: 'Bearer not-the-token' },
      envelope,
      401,
      /invalid ingest token/,
    ],
    [
      'a wrong content type',
      { 'content-type': 'text/plain', authorization: 'TOKEN' },
      envelope,
      415,
      /Content-Type must be/,
    ],
    [
      'malformed JSON',
      { 'content-type': mediaType, authorization: 'TOKEN' },
      '{"events":[',
      400,
      /not valid JSON/,
    ],
    [
      'a bad envelope',
      { 'content-type': mediaType, authorization: 'TOKEN' },
      '{"events":[{"id":"x"}]}',
      400,
      /events\[0\]\.timestamp/,
    ],
  ])('POST /events/distribution with %s', async (_, headers, body, status, message) => {
    const withToken = { ...headers } as Record<string, string>;
    if (withToken.authorization === 'TOKEN') withToken.authorization = `Bearer ${stack.ingestToken}`;
    const response = await distribution(withToken, body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { message: string }).message).toMatch(message);
    expect(await streamLength()).toBe(0);
  });
});
