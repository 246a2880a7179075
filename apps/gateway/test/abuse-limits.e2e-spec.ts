import {
  basicAuth,
  callApi,
  createWebhook,
  createUserWithToken,
  Receiver,
  Replica,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';

/**
 * Failed authentications, test sends and redeliveries are limited in Redis (shared by gateway
 * replicas): 429 with Retry-After past the limit, and nobody else is affected. Small limits here;
 * clients are told apart by X-Forwarded-For, which TRUST_PROXY=loopback lets the gateway believe.
 */
describe('abuse limits (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let replica: Replica;
  let rita: TestUser;
  let bob: TestUser;
  let gateway: string;

  const basic = (name: string, token: string) => basicAuth({ name, token });
  /** GET /api/v0/webhooks from `client` (an X-Forwarded-For address); the status and Retry-After. */
  const listAs = async (client: string, authorization: string, base = gateway) => {
    const response = await fetch(`${base}/api/v0/webhooks`, {
      headers: { authorization, 'x-forwarded-for': client },
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    };
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      env: {
        TRUST_PROXY: 'loopback',
        THROTTLE_AUTH_FAILURES_PER_USER: '3/1m',
        THROTTLE_AUTH_FAILURES_PER_IP: '6/1m',
        THROTTLE_TEST_SENDS: '3/1m',
        THROTTLE_REDELIVERIES: '2/1m',
      },
    });
    gateway = stack.url('gateway');
    replica = await stack.startReplica('gateway');
    rita = await createUserWithToken(stack, 'rita');
    bob = await createUserWithToken(stack, 'bob');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('429 with Retry-After after N failed logins of one username from one client; others unaffected', async () => {
    const client = '203.0.113.1';
    for (let i = 0; i < 3; i++)
      expect((await listAs(client, basic('rita', 'wrong-token-0123456789'))).status).toBe(401);
    const refused = await listAs(client, basic('rita', 'wrong-token-0123456789'));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      errors: [
        {
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/too many failed authentications/),
          detail: {},
        },
      ],
    });
    // While blocked, even the right token of that username from that client is refused...
    expect((await listAs(client, basic('rita', rita.token))).status).toBe(429);
    // ...also on the other gateway replica, which shares the count...
    expect((await listAs(client, basic('rita', rita.token), replica.url)).status).toBe(429);
    // ...but another user from that client, and the same user from another client, get in.
    expect((await listAs(client, basic('bob', bob.token))).status).toBe(200);
    expect((await listAs('203.0.113.2', basic('rita', rita.token))).status).toBe(200);
  });

  it('429 after N failures from one client across usernames and schemes; a good token works from another client', async () => {
    const client = '203.0.113.9';
    const failures = [
      basic('u1', 'wrong-token-0123456789'),
      basic('u2', 'wrong-token-0123456789'),
      'Bearer wrong-token-0123456789',
      'Token wrong-token-0123456789',
      basic('u3', 'wrong-token-0123456789'),
      basic('u4', 'wrong-token-0123456789'),
    ];
    for (const authorization of failures) expect((await listAs(client, authorization)).status).toBe(401);
    const refused = await listAs(client, basic('u5', 'wrong-token-0123456789'));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await listAs(client, basic('bob', bob.token))).status).toBe(429);
    expect((await listAs('203.0.113.10', basic('bob', bob.token))).status).toBe(200);
    expect((await listAs('203.0.113.10', `Bearer ${rita.token}`)).status).toBe(200);
  });

  it('normal traffic is not limited: many successful requests in a row', async () => {
    for (let i = 0; i < 40; i++)
      expect((await listAs('203.0.113.20', basic('rita', rita.token))).status).toBe(200);
  });

  it('limits test sends per account across the DTR and Quay routes', async () => {
    const testSend = (authorization: string) =>
      callApi('POST', `${gateway}/api/v0/webhooks/test`, authorization, {
        type: 'TAG_PUSH',
        endpoint: receiver.url,
      });
    for (let i = 0; i < 2; i++) expect((await testSend(stack.adminAuth)).status).toBe(200);
    const notification = await callApi(
      'POST',
      `${gateway}/api/v1/repository/acme/api/notification/`,
      `Bearer ${stack.adminToken}`,
      { event: 'repo_push', method: 'webhook', config: { url: receiver.url }, eventConfig: {} },
    );
    expect(notification.status).toBe(201);
    const { uuid } = (await notification.json()) as { uuid: string };
    const quayTest = () =>
      callApi(
        'POST',
        `${gateway}/api/v1/repository/acme/api/notification/${uuid}/test`,
        `Bearer ${stack.adminToken}`,
      );
    expect((await quayTest()).status).toBe(200);
    const refused = await testSend(stack.adminAuth);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      errors: [{ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many test sends/) }],
    });
    const quayRefused = await quayTest();
    expect(quayRefused.status).toBe(429);
    expect(await quayRefused.json()).toMatchObject({ status: 429, error_type: 'too_many_requests' });
    // Another account still sends tests.
    expect((await testSend(basic('rita', rita.token))).status).toBe(200);
  });

  it("counts the console's test of a subscription as a test send", async () => {
    const bobAuth = basic('bob', bob.token);
    const created = await callApi('POST', `${gateway}/api/v0/webhooks`, bobAuth, {
      type: 'TAG_PUSH',
      key: 'bob/app',
      endpoint: receiver.url,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const consoleTest = () => callApi('POST', `${gateway}/api/v0/subscriptions/${id}/test`, bobAuth);
    for (let i = 0; i < 3; i++) expect((await consoleTest()).status).toBe(200);
    const refused = await consoleTest();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      errors: [{ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/too many test sends/) }],
    });
    // One count per account, whichever route sends.
    const dtrTest = await callApi('POST', `${gateway}/api/v0/webhooks/test`, bobAuth, {
      type: 'TAG_PUSH',
      endpoint: receiver.url,
    });
    expect(dtrTest.status).toBe(429);
  });

  it('limits redeliveries per account', async () => {
    const { id } = await createWebhook(stack, { key: 'acme/redeliver', endpoint: receiver.url });
    const event = tagPushEvent('acme/redeliver');
    await stack.appendEvents([event]);
    const { id: deliveryId } = await settledDelivery(stack, id, event.id, 'succeeded');
    const redeliver = () =>
      callApi('POST', `${gateway}/api/v0/webhooks/${id}/deliveries/${deliveryId}/redeliver`, stack.adminAuth);
    expect((await redeliver()).status).toBe(202);
    expect((await redeliver()).status).toBe(202);
    const refused = await redeliver();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      errors: [{ message: expect.stringMatching(/too many redeliveries/) }],
    });
  });
});
