import {
  basicAuth,
  ALL_APPS,
  eventually,
  Receiver,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
} from '@hookyard/testing';
import { randomBytes } from 'node:crypto';

/**
 * Requests carrying credentials in headers, query strings and bodies, failing in every way the
 * APIs fail (401, 400, 404, 415, 5xx where there is one), plus deliveries that fail: no app's log
 * (at debug, where every request is logged) and no error body holds any of those credentials.
 */
describe('no credential in logs or error bodies (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  const secrets: string[] = [];
  /** A fresh credential-like value, remembered for the final search. */
  const secret = () => {
    const value = `s3cret${randomBytes(12).toString('hex')}`;
    secrets.push(value);
    return value;
  };
  const basic = (name: string, token: string) => basicAuth({ name, token });
  const bodies: string[] = [];

  async function send(
    app: 'gateway' | 'ingest',
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<number> {
    const response = await fetch(`${stack.url(app)}${path}`, { method, headers, body });
    const text = await response.text();
    if (response.status >= 400) bodies.push(text);
    return response.status;
  }
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    receiver = await startReceiver({ defaultResponse: { status: 500, body: 'no' } });
    stack = await startStack({ env: { LOG_LEVEL: 'debug' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('keeps every credential out of every log line and error body', async () => {
    const admin = { authorization: stack.adminAuth };
    // Wrong credentials in each scheme.
    expect(
      await send('gateway', 'GET', '/api/v0/webhooks', { authorization: basic('admin', secret()) }),
    ).toBe(401);
    expect(
      await send('gateway', 'GET', '/api/v1/repository/acme/api/notification/', {
        authorization: `Bearer ${secret()}`,
      }),
    ).toBe(401);
    expect(await send('gateway', 'GET', '/v1/hooks', { authorization: `Token ${secret()}` })).toBe(401);
    // Cookies, API keys and query tokens on a path that does not exist.
    expect(
      await send('gateway', 'GET', `/nowhere?access_token=${secret()}`, {
        cookie: `session=${secret()}`,
        'x-api-key': secret(),
      }),
    ).toBe(404);
    // A query token on a request that succeeds (logged at debug) and on one that fails validation.
    expect(await send('gateway', 'GET', `/api/v0/webhooks?token=${secret()}`, admin)).toBe(200);
    expect(
      await send('gateway', 'GET', `/api/v0/webhooks/x/deliveries?pageSize=${secret()}`, admin),
    ).toBeGreaterThanOrEqual(400);
    // Bodies: malformed JSON, the wrong media type, invalid fields next to secrets.
    expect(
      await send('gateway', 'POST', '/api/v0/webhooks', { ...admin, ...json }, `{"secret": ${secret()}}`),
    ).toBe(400);
    expect(
      await send('gateway', 'POST', '/api/v0/webhooks', { ...admin, 'content-type': 'text/plain' }, secret()),
    ).toBe(415);
    expect(
      await send(
        'gateway',
        'POST',
        '/v1/hooks',
        { authorization: `Token ${stack.adminToken}`, ...json },
        JSON.stringify({ subject_type: 'nope', secret: secret(), url: `https://example.com/?t=${secret()}` }),
      ),
    ).toBe(400);
    expect(
      await send(
        'gateway',
        'POST',
        '/api/v1/repository/acme/api/notification/',
        { authorization: `Bearer ${stack.adminToken}`, ...json },
        JSON.stringify({
          event: 'nope',
          method: 'webhook',
          config: { url: `https://example.com/${secret()}` },
        }),
      ),
    ).toBe(400);
    // A NUL byte next to a secret: whatever it fails with, the secret is not logged.
    expect(
      await send(
        'gateway',
        'POST',
        '/api/v0/webhooks',
        { ...admin, ...json },
        JSON.stringify({
          type: 'TAG_PUSH',
          key: 'acme/nul\u0000',
          endpoint: `https://example.com/?k=${secret()}\u0000`,
        }),
      ),
    ).toBeGreaterThanOrEqual(400);
    // A test send to an address that refuses, with credentials in the endpoint.
    expect(
      await send(
        'gateway',
        'POST',
        '/api/v0/webhooks/test',
        { ...admin, ...json },
        JSON.stringify({
          type: 'TAG_PUSH',
          endpoint: `http://user:${secret()}@127.0.0.1:1/hook?token=${secret()}`,
        }),
      ),
    ).toBe(200);
    // Ingest: a wrong token, and a good one with a token in the query and a malformed body.
    expect(
      await send(
        'ingest',
        'POST',
        '/events/distribution',
        { authorization: `Bearer ${secret()}`, ...json },
        '{}',
      ),
    ).toBe(401);
    expect(
      await send(
        'ingest',
        'POST',
        `/events?token=${secret()}`,
        { authorization: `Bearer ${stack.ingestToken}`, ...json },
        `{"type": ${secret()}`,
      ),
    ).toBe(400);

    // A webhook whose endpoint holds credentials and whose deliveries fail (500, then refused).
    const failing = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      headers: { ...admin, ...json },
      body: JSON.stringify({
        type: 'TAG_PUSH',
        key: 'acme/api',
        endpoint: `http://user:${secret()}@127.0.0.1:${receiver.port}/hook?token=${secret()}`,
      }),
    });
    expect(failing.status).toBe(201);
    const { secret: signingSecret } = (await failing.json()) as { secret: string };
    secrets.push(signingSecret);
    // A token the API made: shown once in its response, never logged.
    const created = await fetch(`${stack.url('gateway')}/api/v0/api_tokens?username=admin`, {
      method: 'POST',
      headers: { ...admin, ...json },
      body: '{}',
    });
    secrets.push(((await created.json()) as { token: string }).token);
    secrets.push(stack.adminToken, stack.ingestToken);

    await stack.appendEvents([tagPushEvent('acme/api')]);
    await receiver.waitForRequests(1);
    await eventually(async () =>
      stack.logs('worker').includes('delivery attempt failed') ? true : undefined,
    );

    const logs = ALL_APPS.map((app) => `${app}:\n${stack.logs(app)}`).join('\n');
    expect(logs).toContain('request completed');
    for (const value of secrets) {
      expect({ value, found: logs.includes(value) }).toEqual({ value, found: false });
      for (const body of bodies)
        expect({ body, found: body.includes(value) }).toEqual({ body, found: false });
    }
  });
});
