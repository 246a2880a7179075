import {
  basicAuth,
  createOrganization,
  createTeam,
  createUserWithToken,
  ensureRepository,
  gatewayApi,
  grantRepositoryAccess,
  Stack,
  startStack,
  TestUser,
} from '@hookyard/testing';
import { Client } from 'pg';

interface ListedWebhook {
  id: string;
  key: string;
  inactive: boolean;
  inactiveReason: string;
}

/**
 * DELETE /api/v0/accounts/{namespace}: a user or an organization goes with its repositories,
 * tokens, memberships and grants in one transaction; what it subscribed to elsewhere stays,
 * turned off.
 */
describe('account deletion (e2e)', () => {
  let stack: Stack;
  let db: Client;
  let rita: TestUser;
  let reed: TestUser;

  const webhooks = async () => (await gatewayApi(stack, '/api/v0/webhooks')).body as ListedWebhook[];
  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway'] });
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
    await createOrganization(stack, 'acme');
    rita = await createUserWithToken(stack, 'rita');
    reed = await createUserWithToken(stack, 'reed');
    await createTeam(stack, 'acme', 'ci', ['rita']);
    await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/ci', {
      method: 'PUT',
      body: { accessLevel: 'read-only' },
    });
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    await ensureRepository(stack, 'rita/tools');
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('deletes a user with its tokens, memberships, grants and repositories; its webhooks elsewhere go off', async () => {
    const onApi = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth: basicAuth(rita),
      body: { type: 'TAG_PUSH', key: 'acme/api', endpoint: 'https://example.com/a' },
    });
    const onTools = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth: basicAuth(rita),
      body: { type: 'TAG_PUSH', key: 'rita/tools', endpoint: 'https://example.com/t' },
    });
    expect([onApi.status, onTools.status]).toEqual([201, 201]);
    const ritaId = (await gatewayApi(stack, '/api/v0/accounts/rita')).body.id;
    expect(await count('api_tokens WHERE account_id = $1', [ritaId])).toBe(1);

    expect(
      (await gatewayApi(stack, '/api/v0/accounts/rita', { method: 'DELETE', auth: basicAuth(reed) })).status,
    ).toBe(403);
    expect((await gatewayApi(stack, '/api/v0/accounts/rita', { method: 'DELETE' })).status).toBe(204);

    // The account cannot authenticate any more; nothing of it is left.
    expect((await gatewayApi(stack, '/api/v0/webhooks', { auth: basicAuth(rita) })).status).toBe(401);
    expect((await gatewayApi(stack, '/api/v0/accounts/rita')).status).toBe(404);
    expect(await count('api_tokens WHERE account_id = $1', [ritaId])).toBe(0);
    expect(await count('repository_access WHERE grantee_id = $1', [ritaId])).toBe(0);
    expect(await count('organization_members WHERE member_id = $1', [ritaId])).toBe(0);
    expect(await count('team_members WHERE member_id = $1', [ritaId])).toBe(0);
    expect((await gatewayApi(stack, '/api/v0/accounts/acme/teams/ci/members')).body).toEqual([]);
    // Its namespace's repositories and what pointed at them are gone; others' grants stay.
    expect((await gatewayApi(stack, '/api/v0/repositories/rita/tools')).status).toBe(404);
    const left = await webhooks();
    expect(left.map((hook) => hook.key)).toEqual(['acme/api']);
    // A webhook belongs to what it points at: acme/api's stays, off until an admin of it turns it on.
    expect(left[0]).toMatchObject({ id: onApi.body.id, inactive: true, inactiveReason: 'author-deleted' });
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/api', { auth: basicAuth(reed) })).status).toBe(
      200,
    );

    // A name freed is a new account: nothing of the old one comes back with it.
    const again = await createUserWithToken(stack, 'rita');
    expect((await gatewayApi(stack, '/api/v0/webhooks', { auth: basicAuth(again) })).body).toEqual([]);
    expect(
      (await gatewayApi(stack, '/api/v0/repositories/acme/api', { auth: basicAuth(again) })).status,
    ).toBe(404);
  });

  it('deletes an organization with its teams, their grants, its repositories and what points into it', async () => {
    const namespaceHook = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'REPO_CREATED', key: 'acme', endpoint: 'https://example.com/n' },
    });
    expect(namespaceHook.status).toBe(201);
    const orgId = (await gatewayApi(stack, '/api/v0/accounts/acme')).body.id;
    expect((await gatewayApi(stack, '/api/v0/accounts/acme', { method: 'DELETE' })).status).toBe(204);
    expect(await count('teams WHERE org_id = $1', [orgId])).toBe(0);
    expect(await count(`namespace_access WHERE namespace = 'acme'`, [])).toBe(0);
    expect(await count(`repository_access WHERE namespace = 'acme'`, [])).toBe(0);
    expect(await count(`registry_repositories WHERE namespace = 'acme'`, [])).toBe(0);
    expect(await webhooks()).toEqual([]);
    expect((await gatewayApi(stack, '/api/v0/accounts/acme')).status).toBe(404);
  });

  it("deletes an organization's owner without the organization: it stays, with its repositories, for system admins", async () => {
    await createOrganization(stack, 'globex');
    const olga = await createUserWithToken(stack, 'olga');
    await gatewayApi(stack, '/api/v0/accounts/globex/members/olga', {
      method: 'PUT',
      body: { isAdmin: true },
    });
    const made = await gatewayApi(stack, '/api/v0/repositories/globex', {
      method: 'POST',
      auth: basicAuth(olga),
      body: { name: 'app' },
    });
    expect(made.status).toBe(201);
    const hook = await gatewayApi(stack, '/api/v0/webhooks', {
      method: 'POST',
      auth: basicAuth(olga),
      body: { type: 'REPO_DELETED', key: 'globex', endpoint: 'https://example.com/g' },
    });
    expect(hook.status).toBe(201);

    expect((await gatewayApi(stack, '/api/v0/accounts/olga', { method: 'DELETE' })).status).toBe(204);
    expect((await gatewayApi(stack, '/api/v0/accounts/globex')).status).toBe(200);
    expect((await gatewayApi(stack, '/api/v0/repositories/globex/app')).body).toMatchObject({
      id: made.body.id,
    });
    const members = (await gatewayApi(stack, '/api/v0/accounts/globex/members')).body;
    expect(JSON.stringify(members)).not.toContain('olga');
    expect((await webhooks()).find((listed) => listed.id === hook.body.id)).toMatchObject({
      inactive: true,
      inactiveReason: 'author-deleted',
    });
    // A user given the name later owns nothing of globex.
    const again = await createUserWithToken(stack, 'olga');
    const refused = await gatewayApi(stack, '/api/v0/repositories/globex/app', {
      method: 'DELETE',
      auth: basicAuth(again),
    });
    expect(refused.status).toBe(404);
  });

  it('refuses to delete yourself, or an account that does not exist', async () => {
    const self = await gatewayApi(stack, '/api/v0/accounts/admin', { method: 'DELETE' });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].detail.fields).toEqual(['name']);
    expect((await gatewayApi(stack, '/api/v0/accounts/nobody', { method: 'DELETE' })).status).toBe(404);
  });
});
