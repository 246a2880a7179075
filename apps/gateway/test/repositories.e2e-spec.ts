import {
  basicAuth,
  createOrganization,
  createTeam,
  createUserWithToken,
  dtrError,
  eventually,
  exampleEvent,
  gatewayApi,
  grantRepositoryAccess,
  Receiver,
  RecordedRequest,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  TestUser,
} from '@hookyard/testing';

/**
 * Repositories as DTR objects: made through `/api/v0/repositories`, seen by those with access,
 * changed and deleted by their admins, each change delivered as REPO_* with the repository object;
 * a deleted repository takes its grants and subscriptions with it.
 */
describe('DTR repositories (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let olivia: TestUser;
  let nadia: TestUser;
  let reed: TestUser;
  let stranger: TestUser;

  const as = (user: TestUser) => ({ auth: basicAuth(user) });
  const bodiesOf = (requests: RecordedRequest[], type: string) =>
    requests.map((request) => JSON.parse(request.body)).filter((body) => body.type === type);
  /** The activity stream as `user` reads it at `path`: `TYPE id`, newest first. */
  const eventIds = async (path: string, user: TestUser) =>
    ((await gatewayApi(stack, path, as(user))).body.events as Array<{ id: string; type: string }>).map(
      ({ id, type }) => `${type} ${id}`,
    );

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway', 'dispatcher', 'worker'] });
    receiver = await startReceiver();
    await createOrganization(stack, 'acme');
    olivia = await createUserWithToken(stack, 'olivia');
    nadia = await createUserWithToken(stack, 'nadia');
    reed = await createUserWithToken(stack, 'reed');
    stranger = await createUserWithToken(stack, 'stranger');
    await gatewayApi(stack, '/api/v0/accounts/acme/members/olivia', {
      method: 'PUT',
      body: { isAdmin: true },
    });
    await createTeam(stack, 'acme', 'platform', ['nadia']);
    await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      method: 'PUT',
      body: { accessLevel: 'admin' },
    });
    for (const type of ['REPO_CREATED', 'REPO_UPDATED', 'REPO_DELETED']) {
      const created = await gatewayApi(stack, '/api/v0/webhooks', {
        method: 'POST',
        body: { type, key: 'acme', endpoint: receiver.url },
      });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('creates a repository for a namespace admin, and delivers REPO_CREATED with the repository object', async () => {
    const created = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(olivia),
      body: {
        name: 'api',
        shortDescription: 'the API',
        visibility: 'public',
        scanOnPush: true,
        tagLimit: 10,
      },
    });
    expect(created).toMatchObject({ status: 201 });
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      namespace: 'acme',
      namespaceType: 'organization',
      name: 'api',
      shortDescription: 'the API',
      longDescription: '',
      visibility: 'public',
      scanOnPush: true,
      immutableTags: false,
      enableManifestLists: false,
      pulls: 0,
      pushes: 0,
      tagLimit: 10,
    });
    await receiver.waitForRequests(1, 30_000);
    const [delivered] = bodiesOf(receiver.requests, 'REPO_CREATED');
    expect(delivered.contents).toEqual({
      namespace: 'acme',
      repository: 'api',
      event: 'REPO_CREATED',
      author: 'olivia',
      data: created.body,
    });

    // A team with admin on the namespace creates too; others may not.
    const byTeam = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(nadia),
      body: { name: 'web' },
    });
    expect(byTeam.body).toMatchObject({ name: 'web', visibility: 'private' });
    const refused = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(reed),
      body: { name: 'x' },
    });
    expect(refused).toMatchObject({ status: 403, body: dtrError('NOT_AUTHORIZED') });
    const again = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(olivia),
      body: { name: 'api' },
    });
    expect(again).toMatchObject({ status: 409, body: dtrError('REPOSITORY_EXISTS') });
    const noAccount = await gatewayApi(stack, '/api/v0/repositories/nobody', {
      method: 'POST',
      body: { name: 'x' },
    });
    expect(noAccount).toMatchObject({ status: 404, body: dtrError('NO_SUCH_ACCOUNT') });
    for (const [body, field] of [
      [{ name: 'Not/Valid' }, 'name'],
      [{ name: 'ok', visibility: 'secret' }, 'visibility'],
      [{ name: 'ok', tagLimit: -1 }, 'tagLimit'],
      // Beyond the column's integer (found by the input fuzz: a 500 from PostgreSQL before).
      [{ name: 'ok', tagLimit: 2 ** 31 }, 'tagLimit'],
    ] as const) {
      const bad = await gatewayApi(stack, '/api/v0/repositories/acme', { method: 'POST', body });
      expect({ field, status: bad.status, fields: bad.body.errors[0].detail.fields }).toEqual({
        field,
        status: 400,
        fields: [field],
      });
    }
    await eventually(async () =>
      bodiesOf(receiver.requests, 'REPO_CREATED').length === 2 ? true : undefined,
    );
  });

  it('shows a repository to those with access to it, and lists those, paged', async () => {
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/api', as(reed))).body).toMatchObject({
      name: 'api',
    });
    const hidden = await gatewayApi(stack, '/api/v0/repositories/acme/api', as(stranger));
    expect(hidden).toMatchObject({ status: 404, body: dtrError('NO_SUCH_REPOSITORY') });
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/none')).status).toBe(404);

    const names = (body: { repositories: Array<{ name: string }> }) => body.repositories.map((r) => r.name);
    expect(names((await gatewayApi(stack, '/api/v0/repositories', as(reed))).body)).toEqual(['api']);
    expect(names((await gatewayApi(stack, '/api/v0/repositories', as(stranger))).body)).toEqual([]);
    expect(names((await gatewayApi(stack, '/api/v0/repositories/acme', as(nadia))).body)).toEqual([
      'api',
      'web',
    ]);
    const first = await gatewayApi(stack, '/api/v0/repositories?pageSize=1');
    expect(names(first.body)).toEqual(['api']);
    const next = await gatewayApi(
      stack,
      `/api/v0/repositories?pageSize=1&pageStart=${first.headers.get('x-next-page-start')}`,
    );
    expect(names(next.body)).toEqual(['web']);
    expect(next.headers.get('x-next-page-start')).toBeNull();
  });

  it('changes a repository for its admins only, and delivers REPO_UPDATED', async () => {
    const refused = await gatewayApi(stack, '/api/v0/repositories/acme/api', {
      method: 'PATCH',
      ...as(reed),
      body: { shortDescription: 'mine now' },
    });
    expect(refused).toMatchObject({ status: 403, body: dtrError('NOT_AUTHORIZED') });
    const dedupMarks = () => stack.redis.keys(`${stack.env.REDIS_PREFIX}:dedup:*`);
    const marksBefore = (await dedupMarks()).length;
    const changed = await gatewayApi(stack, '/api/v0/repositories/acme/api', {
      method: 'PATCH',
      ...as(nadia),
      body: { shortDescription: 'the public API', immutableTags: true },
    });
    expect(changed.body).toMatchObject({
      name: 'api',
      shortDescription: 'the public API',
      immutableTags: true,
      tagLimit: 10,
    });
    const updated = await eventually(async () => bodiesOf(receiver.requests, 'REPO_UPDATED')[0]);
    expect(updated.contents).toMatchObject({ event: 'REPO_UPDATED', author: 'nadia', data: changed.body });
    // Each change is its own event: it leaves no 7-day dedup mark in Redis.
    expect((await dedupMarks()).length).toBe(marksBefore);
    const renamed = await gatewayApi(stack, '/api/v0/repositories/acme/api', {
      method: 'PATCH',
      body: { name: 'other' },
    });
    // DTR: a repository is not renamed this way (the field is not in the form: ignored).
    expect(renamed.body).toMatchObject({ name: 'api' });
  });

  it('deletes a repository with its grants and subscriptions; the delivery log stays for system admins', async () => {
    const hook = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      ...as(olivia),
      body: { type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url },
    });
    expect(hook.status).toBe(201);
    const push = exampleEvent('TAG_PUSH', 'acme/api');
    await stack.appendEvents([push]);
    const delivery = await settledDelivery(stack, hook.body.id, push.id, 'succeeded');
    // In the activity stream before the deletion (the stack appends it unstamped: published when read).
    await eventually(async () =>
      (await eventIds('/api/v0/repositories/acme/api/events', olivia)).includes(`TAG_PUSH ${push.id}`)
        ? true
        : undefined,
    );
    const before = await gatewayApi(stack, '/api/v0/repositories/acme/api');

    expect(
      (await gatewayApi(stack, '/api/v0/repositories/acme/api', { method: 'DELETE', ...as(reed) })).status,
    ).toBe(403);
    expect(
      (await gatewayApi(stack, '/api/v0/repositories/acme/api', { method: 'DELETE', ...as(stranger) }))
        .status,
    ).toBe(404);
    expect(
      (await gatewayApi(stack, '/api/v0/repositories/acme/api', { method: 'DELETE', ...as(olivia) })).status,
    ).toBe(204);

    const deleted = await eventually(async () => bodiesOf(receiver.requests, 'REPO_DELETED')[0]);
    expect(deleted.contents).toMatchObject({
      event: 'REPO_DELETED',
      author: 'olivia',
      data: { ...before.body, pushes: expect.any(Number) },
    });
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/api')).status).toBe(404);
    expect(
      (await gatewayApi(stack, '/api/v0/accounts/reed/repositoryAccess/acme/api', as(reed))).status,
    ).toBe(404);
    const hooks = (await gatewayApi(stack, '/api/v0/webhooks')).body as Array<{ id: string }>;
    expect(hooks.map((listed) => listed.id)).not.toContain(hook.body.id);
    const log = await gatewayApi(stack, `/api/v0/webhooks/${hook.body.id}/deliveries`);
    expect(log.body.map((logged: { id: string }) => logged.id)).toEqual([delivery.id]);
    expect((await gatewayApi(stack, `/api/v0/webhooks/${hook.body.id}/deliveries`, as(olivia))).status).toBe(
      404,
    );

    // Deleting again is DTR's 204; granting on it is 404 until it is made again.
    expect(
      (await gatewayApi(stack, '/api/v0/repositories/acme/api', { method: 'DELETE', ...as(olivia) })).status,
    ).toBe(204);
    const grant = await gatewayApi(stack, '/api/v0/repositories/acme/api/userAccess/reed', {
      method: 'PUT',
      body: { accessLevel: 'read-only' },
    });
    expect(grant).toMatchObject({ status: 404, body: dtrError('NO_SUCH_REPOSITORY') });
    const remade = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(olivia),
      body: { name: 'api' },
    });
    expect(remade.body.id).not.toBe(before.body.id);
    await eventually(async () =>
      bodiesOf(receiver.requests, 'REPO_CREATED').length === 3 ? true : undefined,
    );

    // Granted the new repository, reed reads its events, not those of the deleted one of its name;
    // the namespace's owners still read both.
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    const remadeEvent = await eventually(async () => {
      const made = await eventIds('/api/v0/repositories/acme/api/events?eventType=REPO_CREATED', olivia);
      return made.length === 2 ? made[0] : undefined;
    });
    for (const path of [
      '/api/v0/repositories/acme/api/events',
      '/api/v0/events?namespace=acme&repository=api',
    ]) {
      expect(await eventIds(path, reed)).toEqual([remadeEvent]);
      expect(await eventIds(path, olivia)).toEqual(
        expect.arrayContaining([remadeEvent, `TAG_PUSH ${push.id}`]),
      );
    }
  });

  it('shows a grantee the events of a repository from before its object was made, when none of its name was deleted', async () => {
    // The registry held acme/legacy before Hookyard made its object: its push is in the stream first.
    const push = exampleEvent('TAG_PUSH', 'acme/legacy');
    await stack.appendEvents([push]);
    await eventually(async () =>
      (await eventIds('/api/v0/events?namespace=acme&repository=legacy', olivia)).includes(
        `TAG_PUSH ${push.id}`,
      )
        ? true
        : undefined,
    );
    const made = await gatewayApi(stack, '/api/v0/repositories/acme', {
      method: 'POST',
      ...as(olivia),
      body: { name: 'legacy' },
    });
    expect(made.status).toBe(201);
    await grantRepositoryAccess(stack, 'acme/legacy', 'reed', 'read-only');
    const [created] = await eventually(async () => {
      const listed = await eventIds('/api/v0/repositories/acme/legacy/events?eventType=REPO_CREATED', olivia);
      return listed.length === 1 ? listed : undefined;
    });
    for (const path of [
      '/api/v0/repositories/acme/legacy/events',
      '/api/v0/events?namespace=acme&repository=legacy',
    ]) {
      expect(await eventIds(path, reed)).toEqual([created, `TAG_PUSH ${push.id}`]);
    }
  });
});
