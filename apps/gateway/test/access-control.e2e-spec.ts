import {
  basicAuth,
  callApi,
  createOrganization,
  createUserWithToken,
  eventually,
  grantRepositoryAccess,
  Receiver,
  RecordedRequest,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';
import { randomUUID } from 'node:crypto';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Api = 'dtr' | 'quay' | 'alauda';

/** Each API's own credentials: DTR Basic user:token, Quay Bearer, Alauda Token. */
const AUTHORIZATION: Record<Api, (user: TestUser) => string> = {
  dtr: basicAuth,
  quay: ({ token }) => `Bearer ${token}`,
  alauda: ({ token }) => `Token ${token}`,
};

/**
 * Who may reach a subscription is decided by the permission its caller has now, never by who made
 * it: a repository admin whose grant is removed loses the subscriptions they made in all three APIs,
 * the subscriptions stay with the repository and keep delivering; a deactivated account's
 * subscriptions stop; a token a system admin turned off stays off for its owner.
 */
describe('Access follows current permission (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let admin: TestUser;
  let rudy: TestUser;
  let olivia: TestUser;
  let mallory: TestUser;
  const rudys = { dtr: '', dtrSecret: '', delivery: '', quay: '', alauda: 0 };

  async function call(
    api: Api,
    user: TestUser,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const response = await callApi(method, `${stack.url('gateway')}${path}`, AUTHORIZATION[api](user), body);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const created = async (answer: Promise<Answer>) => {
    const { status, body } = await answer;
    expect({ status, body }).toEqual({ status: 201, body: expect.anything() });
    return body;
  };

  async function setAccess(user: string, repository: string, level: string | null): Promise<void> {
    if (level) return grantRepositoryAccess(stack, repository, user, level);
    const revoked = await call(
      'dtr',
      admin,
      'DELETE',
      `/api/v0/repositories/${repository}/userAccess/${user}`,
    );
    expect(revoked.status).toBe(204);
  }

  /** Appends a TAG_PUSH to `key` with a tag of its own, which every API's payload carries. */
  async function push(key: string): Promise<string> {
    const tag = `t${randomUUID().slice(0, 8)}`;
    const event = tagPushEvent(key);
    event.contents = { ...event.contents, tag };
    await stack.appendEvents([event]);
    return tag;
  }

  const carrying = (path: string, tag: string) => (request: RecordedRequest) =>
    request.path === path && request.body.includes(tag);
  const arrived = (path: string, tag: string) => receiver.waitForRequest(carrying(path, tag), 20_000);

  /** The three subscriptions one user makes on one repository, one per API, each to its own path. */
  async function subscribeEverywhere(user: TestUser, repository: string, prefix: string) {
    const dtr = await created(
      call('dtr', user, 'POST', '/api/v0/webhooks', {
        type: 'TAG_PUSH',
        key: repository,
        endpoint: `${receiver.origin}/${prefix}-dtr`,
      }),
    );
    const quay = await created(
      call('quay', user, 'POST', `/api/v1/repository/${repository}/notification/`, {
        event: 'repo_push',
        method: 'webhook',
        config: { url: `${receiver.origin}/${prefix}-quay` },
        eventConfig: {},
      }),
    );
    const alauda = await created(
      call('alauda', user, 'POST', '/v1/hooks', {
        subject_type: 'image_repo',
        subject: repository,
        events: ['image:push'],
        secret: `${prefix}-secret`,
        url: `${receiver.origin}/${prefix}-alauda`,
        name: prefix,
      }),
    );
    return { dtr, quay, alauda };
  }

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway', 'dispatcher', 'worker'] });
    receiver = await startReceiver();
    admin = { name: 'admin', token: stack.adminToken };
    await createOrganization(stack, 'acme');
    rudy = await createUserWithToken(stack, 'rudy');
    olivia = await createUserWithToken(stack, 'olivia');
    mallory = await createUserWithToken(stack, 'mallory');
    expect(
      (await call('dtr', admin, 'PUT', '/api/v0/accounts/acme/members/olivia', { isAdmin: true })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it("a repository admin's subscriptions work for them while they hold the grant", async () => {
    await setAccess('rudy', 'acme/nul', 'admin');
    const made = await subscribeEverywhere(rudy, 'acme/nul', 'nul');
    Object.assign(rudys, {
      dtr: made.dtr.id,
      dtrSecret: made.dtr.secret,
      quay: made.quay.uuid,
      alauda: made.alauda.id,
    });
    const tag = await push('acme/nul');
    await Promise.all(['/nul-dtr', '/nul-quay', '/nul-alauda'].map((path) => arrived(path, tag)));
    const [delivery] = await eventually(async () => {
      const log = await call('dtr', rudy, 'GET', `/api/v0/webhooks/${rudys.dtr}/deliveries`);
      return log.status === 200 && log.body.length === 1 ? log.body : undefined;
    });
    rudys.delivery = delivery.id;
    expect((await call('dtr', rudy, 'GET', `/api/v0/webhooks/${rudys.dtr}/secret`)).body).toEqual({
      id: rudys.dtr,
      secret: rudys.dtrSecret,
    });
  });

  it('once the grant is removed: DTR and Alauda answer 404 as for an id that does not exist', async () => {
    await setAccess('rudy', 'acme/nul', null);
    // What the refused requests would change (lastSuccessfulAt is written in the background).
    const state = async () =>
      (await call('dtr', admin, 'GET', '/api/v0/webhooks')).body.map(
        ({ id, endpoint, inactive }: { id: string; endpoint: string; inactive: boolean }) => ({
          id,
          endpoint,
          inactive,
        }),
      );
    const before = await state();

    const dtrRoutes = (id: string): Array<[string, string, unknown?]> => [
      ['GET', `/api/v0/webhooks/${id}/secret`],
      [
        'POST',
        '/api/v0/webhooks/update',
        { webhookID: id, inactive: true, endpoint: `${receiver.origin}/x` },
      ],
      ['DELETE', `/api/v0/webhooks/${id}`],
      ['GET', `/api/v0/webhooks/${id}/deliveries`],
      ['GET', `/api/v0/webhooks/${id}/deliveries/${rudys.delivery}`],
      ['POST', `/api/v0/webhooks/${id}/deliveries/${rudys.delivery}/redeliver`],
    ];
    const notFound = { status: 404, code: 'NO_SUCH_WEBHOOK' };
    for (const id of [rudys.dtr, 'f'.repeat(64)]) {
      for (const [method, path, body] of dtrRoutes(id)) {
        const answer = await call('dtr', rudy, method, path, body);
        expect({ method, path, status: answer.status, code: answer.body.errors[0].code }).toEqual({
          method,
          path,
          ...notFound,
        });
      }
    }
    expect((await call('dtr', rudy, 'GET', '/api/v0/webhooks')).body).toEqual([]);

    for (const id of [rudys.alauda, 999_999]) {
      for (const [method, body] of [['GET'], ['PUT', { url: `${receiver.origin}/x` }], ['DELETE']] as const) {
        const answer = await call('alauda', rudy, method, `/v1/hooks/${id}`, body);
        expect({ id, method, answer }).toEqual({
          id,
          method,
          answer: {
            status: 404,
            body: {
              errors: [{ source: 'hookyard', code: 'not_found', message: `hook ${id} does not exist` }],
            },
          },
        });
      }
    }
    expect((await call('alauda', rudy, 'GET', '/v1/hooks')).body).toEqual([]);

    // Nothing was changed or deleted.
    expect(await state()).toEqual(before);
    expect((await call('alauda', admin, 'GET', `/v1/hooks/${rudys.alauda}`)).body).toMatchObject({
      url: `${receiver.origin}/nul-alauda`,
      is_active: true,
    });
  });

  it("once the grant is removed: Quay answers 403 before looking anything up, as Quay's API does", async () => {
    const base = '/api/v1/repository/acme/nul/notification';
    for (const uuid of [rudys.quay, randomUUID()]) {
      for (const [method, path] of [
        ['GET', `${base}/`],
        ['GET', `${base}/${uuid}`],
        ['POST', `${base}/${uuid}`],
        ['POST', `${base}/${uuid}/test`],
        ['DELETE', `${base}/${uuid}`],
      ]) {
        const answer = await call('quay', rudy, method, path);
        expect({ method, path, status: answer.status, type: answer.body.error_type }).toEqual({
          method,
          path,
          status: 403,
          type: 'insufficient_scope',
        });
      }
    }
    const listed = await call('quay', admin, 'GET', `${base}/`);
    expect(listed.body.notifications.map((n: { uuid: string }) => n.uuid)).toEqual([rudys.quay]);
  });

  it('the subscriptions stay with the repository: they keep delivering, and its admins manage them', async () => {
    const tag = await push('acme/nul');
    await Promise.all(['/nul-dtr', '/nul-quay', '/nul-alauda'].map((path) => arrived(path, tag)));

    // olivia owns acme; she did not make these, and sees and manages them all.
    const listed = await call('dtr', olivia, 'GET', '/api/v0/webhooks');
    expect(listed.body).toEqual([
      expect.objectContaining({ id: rudys.dtr, key: 'acme/nul', inactive: false }),
    ]);
    expect((await call('dtr', olivia, 'GET', `/api/v0/webhooks/${rudys.dtr}/secret`)).body.secret).toBe(
      rudys.dtrSecret,
    );
    const log = await eventually(async () => {
      const answer = await call('dtr', olivia, 'GET', `/api/v0/webhooks/${rudys.dtr}/deliveries`);
      return answer.body.length === 2 ? answer.body : undefined;
    });
    expect(log.every((delivery: { status: string }) => delivery.status === 'succeeded')).toBe(true);
    const redelivered = await call(
      'dtr',
      olivia,
      'POST',
      `/api/v0/webhooks/${rudys.dtr}/deliveries/${rudys.delivery}/redeliver`,
    );
    expect(redelivered.status).toBe(202);
    const hooks = await call('alauda', olivia, 'GET', '/v1/hooks');
    expect(hooks.body).toEqual([
      expect.objectContaining({ id: rudys.alauda, created_by: 'rudy', secret: 'nul-secret' }),
    ]);
    const test = await call(
      'quay',
      olivia,
      'POST',
      `/api/v1/repository/acme/nul/notification/${rudys.quay}/test`,
    );
    expect(test.status).toBe(200);
  });

  it('a grant lowered to read-only: 403 (the caller may know of it); no access at all: 404', async () => {
    await setAccess('rudy', 'acme/nul', 'read-only');
    const refused = async (user: TestUser) => ({
      secret: (await call('dtr', user, 'GET', `/api/v0/webhooks/${rudys.dtr}/secret`)).status,
      log: (await call('dtr', user, 'GET', `/api/v0/webhooks/${rudys.dtr}/deliveries`)).status,
      update: (
        await call('dtr', user, 'POST', '/api/v0/webhooks/update', { webhookID: rudys.dtr, inactive: true })
      ).status,
      alauda: (await call('alauda', user, 'GET', `/v1/hooks/${rudys.alauda}`)).status,
      quay: (await call('quay', user, 'GET', `/api/v1/repository/acme/nul/notification/${rudys.quay}`))
        .status,
    });
    expect(await refused(rudy)).toEqual({ secret: 403, log: 403, update: 403, alauda: 403, quay: 403 });
    expect(await refused(mallory)).toEqual({ secret: 404, log: 404, update: 404, alauda: 404, quay: 403 });
    const denied = await call('dtr', rudy, 'GET', `/api/v0/webhooks/${rudys.dtr}/secret`);
    expect(denied.body.errors[0]).toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect(JSON.stringify(denied.body)).not.toContain(rudys.dtrSecret);
  });

  it('deactivating an account turns off its subscriptions (with the reason), stops their deliveries and its tokens', async () => {
    const dave = await createUserWithToken(stack, 'dave');
    await setAccess('dave', 'acme/dep', 'admin');
    const daves = await subscribeEverywhere(dave, 'acme/dep', 'dep');
    await created(
      call('dtr', admin, 'POST', '/api/v0/webhooks', {
        type: 'TAG_PUSH',
        key: 'acme/ctl',
        endpoint: `${receiver.origin}/control`,
      }),
    );

    expect((await call('dtr', olivia, 'PATCH', '/api/v0/accounts/dave', { isActive: false })).status).toBe(
      403,
    );
    for (const name of ['acme', 'admin']) {
      const refused = await call('dtr', admin, 'PATCH', `/api/v0/accounts/${name}`, { isActive: false });
      expect({ name, status: refused.status, fields: refused.body.errors[0].detail.fields }).toEqual({
        name,
        status: 400,
        fields: ['isActive'],
      });
    }
    const bad = await call('dtr', admin, 'PATCH', '/api/v0/accounts/dave', { isActive: 'no' });
    expect({ status: bad.status, fields: bad.body.errors[0].detail.fields }).toEqual({
      status: 400,
      fields: ['isActive'],
    });
    expect((await call('dtr', admin, 'PATCH', '/api/v0/accounts/nobody', { isActive: false })).status).toBe(
      404,
    );
    expect((await call('dtr', dave, 'GET', '/api/v0/webhooks')).status).toBe(200);
    const deactivated = await call('dtr', admin, 'PATCH', '/api/v0/accounts/dave', { isActive: false });
    expect(deactivated).toEqual({
      status: 200,
      body: expect.objectContaining({ name: 'dave', isActive: false }),
    });

    expect((await call('dtr', dave, 'GET', '/api/v0/webhooks')).status).toBe(401);
    expect((await call('quay', dave, 'GET', '/api/v1/repository/acme/dep/notification/')).status).toBe(401);
    expect((await call('alauda', dave, 'GET', '/v1/hooks')).status).toBe(401);

    const webhook = (await call('dtr', olivia, 'GET', '/api/v0/webhooks')).body.find(
      (w: { id: string }) => w.id === daves.dtr.id,
    );
    expect(webhook).toMatchObject({ inactive: true, inactiveReason: 'author-deactivated' });
    expect((await call('alauda', admin, 'GET', `/v1/hooks/${daves.alauda.id}`)).body).toMatchObject({
      is_active: false,
      inactive_reason: 'author-deactivated',
    });

    const stopped = await push('acme/dep');
    await arrived('/control', await push('acme/ctl'));
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.filter((request) => request.body.includes(stopped))).toEqual([]);
    expect((await call('dtr', admin, 'GET', `/api/v0/webhooks/${daves.dtr.id}/deliveries`)).body).toEqual([]);

    // Back in: dave signs in again, but nothing he made turns itself on.
    const reactivated = await call('dtr', admin, 'PATCH', '/api/v0/accounts/dave', { isActive: true });
    expect(reactivated.body).toMatchObject({ isActive: true });
    const own = await call('dtr', dave, 'GET', '/api/v0/webhooks');
    expect(own.status).toBe(200);
    expect(own.body).toEqual([
      expect.objectContaining({ id: daves.dtr.id, inactive: true, inactiveReason: 'author-deactivated' }),
    ]);

    // An admin of the repository turns it on again.
    const enabled = await call('dtr', olivia, 'POST', '/api/v0/webhooks/update', {
      webhookID: daves.dtr.id,
      inactive: false,
    });
    expect(enabled.body).toMatchObject({ inactive: false, inactiveReason: '' });
    await eventually(async () => {
      const tag = await push('acme/dep');
      return receiver.waitForRequest(carrying('/dep-dtr', tag), 2_000).catch(() => undefined);
    });
  });

  it('a token a system admin turned off can be turned on again only by a system admin', async () => {
    const tina = await createUserWithToken(stack, 'tina');
    const second = await created(call('dtr', tina, 'POST', '/api/v0/api_tokens', { tokenLabel: 'second' }));
    const spare: TestUser = { name: 'tina', token: second.token };
    const tokens = (await call('dtr', admin, 'GET', '/api/v0/api_tokens?username=tina')).body;
    const first = tokens.find((t: { tokenLabel: string }) => t.tokenLabel === 'e2e').hashedToken;
    const path = `/api/v0/api_tokens/${first}`;

    expect((await call('dtr', admin, 'PATCH', path, { isActive: false })).body).toMatchObject({
      isActive: false,
    });
    expect((await call('dtr', tina, 'GET', '/api/v0/webhooks')).status).toBe(401);

    const refused = await call('dtr', spare, 'PATCH', path, { isActive: true, tokenLabel: 'sneaky' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect((await call('dtr', spare, 'GET', path)).body).toMatchObject({
      isActive: false,
      tokenLabel: 'e2e',
    });
    expect((await call('dtr', tina, 'GET', '/api/v0/webhooks')).status).toBe(401);
    // Its label is still hers to change, and turning it off again changes nothing.
    expect((await call('dtr', spare, 'PATCH', path, { tokenLabel: 'laptop', isActive: false })).status).toBe(
      200,
    );
    expect((await call('dtr', spare, 'PATCH', path, { isActive: true })).status).toBe(403);

    expect((await call('dtr', admin, 'PATCH', path, { isActive: true })).body).toMatchObject({
      isActive: true,
    });
    expect((await call('dtr', tina, 'GET', '/api/v0/webhooks')).status).toBe(200);

    // A token its owner turned off, its owner may turn on.
    const secondPath = `/api/v0/api_tokens/${second.hashedToken}`;
    expect((await call('dtr', tina, 'PATCH', secondPath, { isActive: false })).body.isActive).toBe(false);
    expect((await call('dtr', spare, 'GET', '/api/v0/webhooks')).status).toBe(401);
    expect((await call('dtr', tina, 'PATCH', secondPath, { isActive: true })).body.isActive).toBe(true);
    expect((await call('dtr', spare, 'GET', '/api/v0/webhooks')).status).toBe(200);
  });
});
