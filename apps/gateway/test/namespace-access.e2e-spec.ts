import {
  basicAuth,
  createOrganization,
  createTeam,
  createUserWithToken,
  dtrError,
  ensureRepository,
  exampleEvent,
  gatewayApi,
  Receiver,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  TestUser,
} from '@hookyard/testing';

/**
 * DTR's namespace level of access (`/api/v0/repositoryNamespaces/{namespace}/teamAccess`): a team
 * granted `admin` on an organization's namespace administers every repository in it, and loses
 * that with the grant.
 */
describe('namespace team access (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let nadia: TestUser;
  let stranger: TestUser;

  const as = (user: TestUser) => basicAuth(user);

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway', 'dispatcher', 'worker'] });
    receiver = await startReceiver();
    await createOrganization(stack, 'acme');
    nadia = await createUserWithToken(stack, 'nadia');
    stranger = await createUserWithToken(stack, 'stranger');
    await createTeam(stack, 'acme', 'platform', ['nadia']);
    await createTeam(stack, 'acme', 'viewers');
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const webhookOn = (key: string, auth: string) =>
    gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth,
      body: { type: 'TAG_PUSH', key, endpoint: receiver.url },
    });

  it('gives a team with admin on the namespace a webhook on any repository of it, until the grant goes', async () => {
    expect((await webhookOn('acme/api', as(nadia))).status).toBe(403);

    const granted = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      method: 'PUT',
      body: { accessLevel: 'admin' },
    });
    expect(granted).toMatchObject({
      status: 200,
      body: {
        accessLevel: 'admin',
        namespace: 'acme',
        team: { name: 'platform', orgID: expect.any(String) },
      },
    });

    const created = await webhookOn('acme/api', as(nadia));
    expect(created.status).toBe(201);
    // A repository nobody granted by name, and the whole namespace for repository events.
    expect((await webhookOn('acme/never-granted', as(nadia))).status).toBe(201);
    expect((await webhookOn('acme', as(nadia))).status).toBe(201);
    // Not an owner: REPO_* on the namespace stays with its owners (DTR's webhook rules).
    const repoCreated = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth: as(nadia),
      body: { type: 'REPO_CREATED', key: 'acme', endpoint: 'https://example.com/hook' },
    });
    expect(repoCreated).toEqual({
      status: 403,
      body: dtrError('NOT_AUTHORIZED'),
      headers: expect.anything(),
    });
    expect((await webhookOn('other/api', as(nadia))).status).toBe(403);

    const listed = await gatewayApi(stack, '/api/v0/webhooks', { auth: as(nadia) });
    expect(listed.body.map((hook: { key: string }) => hook.key).sort()).toEqual([
      'acme',
      'acme/api',
      'acme/never-granted',
    ]);
    expect(
      (await gatewayApi(stack, '/api/v0/accounts/nadia/repositoryAccess/acme/anything', { auth: as(nadia) }))
        .body,
    ).toMatchObject({ accessLevel: 'admin', repository: { namespace: 'acme', name: 'anything' } });

    const revoked = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(204);
    expect((await gatewayApi(stack, '/api/v0/webhooks', { auth: as(nadia) })).body).toEqual([]);
    // No access to acme/api any more: its webhook is not found; still a member of acme (through
    // the team), it sees the namespace, so one on the namespace is refused (403).
    const deleted = await gatewayApi(stack, `/api/v0/webhooks/${created.body.id}`, {
      method: 'DELETE',
      auth: as(nadia),
    });
    expect(deleted).toMatchObject({ status: 404, body: dtrError('NO_SUCH_WEBHOOK') });
    const onNamespace = listed.body.find((hook: { key: string }) => hook.key === 'acme');
    const refused = await gatewayApi(stack, `/api/v0/webhooks/${onNamespace.id}`, {
      method: 'DELETE',
      auth: as(nadia),
    });
    expect(refused).toMatchObject({ status: 403, body: dtrError('NOT_AUTHORIZED') });
    expect((await webhookOn('acme/api', as(nadia))).status).toBe(403);

    // The webhook belongs to acme/api, not to nadia: it keeps delivering, and the repository's
    // admins (here the organization's owners) see and manage it.
    const push = exampleEvent('TAG_PUSH', 'acme/api');
    await stack.appendEvents([push]);
    await settledDelivery(stack, created.body.id, push.id, 'succeeded');
    const byOwners = (await gatewayApi(stack, '/api/v0/webhooks')).body as Array<{ id: string }>;
    expect(byOwners.find((hook) => hook.id === created.body.id)).toMatchObject({
      key: 'acme/api',
      inactive: false,
    });
  });

  it('lists, reads and refuses namespace grants as DTR does', async () => {
    await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      method: 'PUT',
      body: { accessLevel: 'read-write' },
    });
    await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/viewers', {
      method: 'PUT',
      body: { accessLevel: 'read-only' },
    });
    const first = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess?pageSize=1');
    expect(first.body).toEqual({
      namespace: 'acme',
      teamAccessList: [{ accessLevel: 'read-write', team: expect.objectContaining({ name: 'platform' }) }],
    });
    const next = first.headers.get('x-next-page-start');
    expect(next).toEqual(expect.any(String));
    const second = await gatewayApi(
      stack,
      `/api/v0/repositoryNamespaces/acme/teamAccess?pageSize=1&pageStart=${next}`,
    );
    expect(second.body.teamAccessList).toEqual([
      { accessLevel: 'read-only', team: expect.objectContaining({ name: 'viewers' }) },
    ]);
    expect(second.headers.get('x-next-page-start')).toBeNull();

    // The team's own member reads its grant; a stranger may not; nobody lists without admin.
    const own = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      auth: as(nadia),
    });
    expect(own.body).toMatchObject({ accessLevel: 'read-write', namespace: 'acme' });
    expect(
      (
        await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
          auth: as(stranger),
        })
      ).status,
    ).toBe(403);
    expect(
      (await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess', { auth: as(nadia) })).status,
    ).toBe(403);
    expect(
      (
        await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
          method: 'PUT',
          auth: as(nadia),
          body: { accessLevel: 'admin' },
        })
      ).status,
    ).toBe(403);

    // Users have no teams; unknown teams and namespaces are 404; a bad level names the field.
    const onUser = await gatewayApi(stack, '/api/v0/repositoryNamespaces/nadia/teamAccess/platform', {
      method: 'PUT',
      body: { accessLevel: 'admin' },
    });
    expect(onUser).toMatchObject({ status: 400, body: dtrError('INVALID_PARAMETERS') });
    const noTeam = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/nope', {
      method: 'PUT',
      body: { accessLevel: 'admin' },
    });
    expect(noTeam).toMatchObject({ status: 404, body: dtrError('NO_SUCH_TEAM') });
    expect((await gatewayApi(stack, '/api/v0/repositoryNamespaces/nope/teamAccess')).status).toBe(404);
    const badLevel = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/platform', {
      method: 'PUT',
      body: { accessLevel: 'owner' },
    });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.errors[0].detail.fields).toEqual(['accessLevel']);
    const badPage = await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess?pageStart=bogus');
    expect(badPage).toMatchObject({ status: 400, body: dtrError('INVALID_PARAMETERS') });
  });

  it("lists a team's repository grants for its members and the organization's owners, paged", async () => {
    for (const repository of ['web', 'api', 'db']) {
      await ensureRepository(stack, `acme/${repository}`);
      const answer = await gatewayApi(stack, `/api/v0/repositories/acme/${repository}/teamAccess/platform`, {
        method: 'PUT',
        body: { accessLevel: 'read-only' },
      });
      expect(answer.status).toBe(200);
    }
    const first = await gatewayApi(
      stack,
      '/api/v0/accounts/acme/teams/platform/repositoryAccess?pageSize=2',
      {
        auth: as(nadia),
      },
    );
    expect(first.body).toEqual({
      team: expect.objectContaining({ name: 'platform' }),
      repositoryAccessList: [
        { accessLevel: 'read-only', repository: expect.objectContaining({ namespace: 'acme', name: 'api' }) },
        { accessLevel: 'read-only', repository: expect.objectContaining({ namespace: 'acme', name: 'db' }) },
      ],
    });
    const rest = await gatewayApi(
      stack,
      `/api/v0/accounts/acme/teams/platform/repositoryAccess?pageSize=2&pageStart=${first.headers.get('x-next-page-start')}`,
    );
    expect(
      rest.body.repositoryAccessList.map((grant: { repository: { name: string } }) => grant.repository.name),
    ).toEqual(['web']);
    expect(
      (
        await gatewayApi(stack, '/api/v0/accounts/acme/teams/platform/repositoryAccess', {
          auth: as(stranger),
        })
      ).status,
    ).toBe(403);
    expect((await gatewayApi(stack, '/api/v0/accounts/acme/teams/nope/repositoryAccess')).status).toBe(404);
  });

  it("tells those who may not read a team's grants nothing of which teams exist", async () => {
    for (const path of [
      (team: string) => `/api/v0/repositoryNamespaces/acme/teamAccess/${team}`,
      (team: string) => `/api/v0/accounts/acme/teams/${team}/repositoryAccess`,
    ]) {
      for (const team of ['viewers', 'nope']) {
        const answer = await gatewayApi(stack, path(team), { auth: as(stranger) });
        expect({ team, answer }).toMatchObject({
          team,
          answer: { status: 403, body: dtrError('NOT_AUTHORIZED') },
        });
      }
    }
  });
});
