import {
  CanonicalEvent,
  DTR_EVENT_TYPES,
  EVENT_TYPE_RULES,
  EXAMPLE_CONTENTS,
  validateContents,
} from '@hookyard/events';
import {
  basicAuth,
  dtrError,
  eventually,
  Receiver,
  selfSignedCertificate,
  Stack,
  startReceiver,
  startStack,
  verifySignature,
} from '@hookyard/testing';
import { randomUUID } from 'node:crypto';

interface Caller {
  name: string;
  token: string;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * The DTR API as DTR's curl examples use it (`curl -u user:$TOKEN`, JSON bodies), by a
 * system admin, an organization owner (olivia, owner of org acme), a repository admin through
 * team access (rita, team ci: admin on acme/api), a read-only user (reed, team readers) and an
 * anonymous caller.
 */
describe('DTR webhook API (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let admin: Caller;
  let olivia: Caller;
  let rita: Caller;
  let reed: Caller;
  const ids: Record<string, string> = {};

  async function call(
    method: string,
    path: string,
    options: { as?: Caller; body?: unknown; authorization?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = options.authorization ?? (options.as && basicAuth(options.as));
    if (authorization) headers.authorization = authorization;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function createUser(name: string, isOrg = false): Promise<Caller> {
    const created = await call('POST', '/api/v0/accounts', { as: admin, body: { name, isOrg } });
    expect(created).toEqual({
      status: 201,
      body: { id: expect.any(String), name, fullName: '', isOrg, isAdmin: false, isActive: true },
    });
    ids[name] = created.body.id;
    if (isOrg) return { name, token: '' };
    const token = await call('POST', `/api/v0/api_tokens?username=${name}`, {
      as: admin,
      body: { tokenLabel: 'first' },
    });
    expect(token.status).toBe(201);
    return { name, token: token.body.token };
  }

  const webhookCount = async () => (await call('GET', '/api/v0/webhooks', { as: admin })).body.length;

  beforeAll(async () => {
    // The dispatcher starts in the delivery test, after its subscriptions exist.
    stack = await startStack({ apps: ['gateway', 'worker'] });
    receiver = await startReceiver();
    admin = { name: 'admin', token: stack.adminToken };
    olivia = await createUser('olivia');
    rita = await createUser('rita');
    reed = await createUser('reed');
    await createUser('acme', true);
    // Grants are on repositories that exist: the ones the tests grant.
    for (const name of ['api', 'tools']) {
      expect((await call('POST', '/api/v0/repositories/acme', { as: admin, body: { name } })).status).toBe(
        201,
      );
    }
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  describe('accounts, teams and repository access', () => {
    it('lets only system admins create accounts', async () => {
      expect(await call('POST', '/api/v0/accounts', { body: { name: 'eve' } })).toEqual({
        status: 401,
        body: dtrError('NOT_AUTHENTICATED'),
      });
      expect(await call('POST', '/api/v0/accounts', { as: rita, body: { name: 'eve' } })).toEqual({
        status: 403,
        body: dtrError('NOT_AUTHORIZED'),
      });
      expect(await call('POST', '/api/v0/accounts', { as: admin, body: { name: 'rita' } })).toEqual({
        status: 409,
        body: dtrError('ACCOUNT_EXISTS'),
      });
      const bad = await call('POST', '/api/v0/accounts', { as: admin, body: { name: 'Not Valid' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].detail.fields).toEqual(['name']);
      expect((await call('GET', '/api/v0/accounts/eve', { as: admin })).status).toBe(404);
    });

    it('lets the admin make olivia an owner of acme, and olivia build teams', async () => {
      expect(
        await call('PUT', '/api/v0/accounts/acme/members/olivia', { as: rita, body: { isAdmin: true } }),
      ).toEqual({ status: 403, body: dtrError('NOT_AUTHORIZED') });
      const owner = await call('PUT', '/api/v0/accounts/acme/members/olivia', {
        as: admin,
        body: { isAdmin: true },
      });
      expect(owner).toEqual({
        status: 200,
        body: { isAdmin: true, member: expect.objectContaining({ name: 'olivia', isOrg: false }) },
      });

      const team = await call('POST', '/api/v0/accounts/acme/teams', {
        as: olivia,
        body: { name: 'ci', description: 'builds' },
      });
      expect(team).toEqual({
        status: 201,
        body: { id: expect.any(String), orgID: ids.acme, name: 'ci', description: 'builds' },
      });
      expect(
        (await call('POST', '/api/v0/accounts/acme/teams', { as: olivia, body: { name: 'readers' } })).status,
      ).toBe(201);
      expect(
        (await call('POST', '/api/v0/accounts/acme/teams', { as: rita, body: { name: 'x' } })).status,
      ).toBe(403);
      expect(
        (await call('POST', '/api/v0/accounts/nope/teams', { as: admin, body: { name: 'x' } })).status,
      ).toBe(404);
      const teams = await call('GET', '/api/v0/accounts/acme/teams', { as: olivia });
      expect(teams.body.map((t: { name: string }) => t.name)).toEqual(['ci', 'readers']);

      expect(await call('PUT', '/api/v0/accounts/acme/teams/ci/members/rita', { as: olivia })).toEqual({
        status: 200,
        body: { member: expect.objectContaining({ name: 'rita' }) },
      });
      expect(
        (await call('PUT', '/api/v0/accounts/acme/teams/readers/members/reed', { as: olivia })).status,
      ).toBe(200);
      expect(
        (await call('PUT', '/api/v0/accounts/acme/teams/ghosts/members/reed', { as: olivia })).status,
      ).toBe(404);
    });

    it('lets olivia grant team access on acme/api, naming a bad access level', async () => {
      const bad = await call('PUT', '/api/v0/repositories/acme/api/teamAccess/ci', {
        as: olivia,
        body: { accessLevel: 'owner' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toEqual({
        code: 'INVALID_PARAMETERS',
        message: 'accessLevel must be one of read-only, read-write, admin',
        detail: { fields: ['accessLevel'] },
      });
      expect(
        (
          await call('PUT', '/api/v0/repositories/acme/api/teamAccess/ci', {
            as: rita,
            body: { accessLevel: 'admin' },
          })
        ).status,
      ).toBe(403);
      const granted = await call('PUT', '/api/v0/repositories/acme/api/teamAccess/ci', {
        as: olivia,
        body: { accessLevel: 'admin' },
      });
      expect(granted).toEqual({
        status: 200,
        body: { accessLevel: 'admin', team: expect.objectContaining({ name: 'ci', orgID: ids.acme }) },
      });
      await call('PUT', '/api/v0/repositories/acme/api/teamAccess/readers', {
        as: olivia,
        body: { accessLevel: 'read-only' },
      });
      const list = await call('GET', '/api/v0/repositories/acme/api/teamAccess', { as: olivia });
      expect(list.status).toBe(200);
      expect(list.body.repository).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          namespace: 'acme',
          name: 'api',
          namespaceType: 'organization',
        }),
      );
      const check = (user: string, as: Caller) =>
        call('GET', `/api/v0/accounts/${user}/repositoryAccess/acme/api`, { as });
      expect(await check('rita', rita)).toEqual({
        status: 200,
        body: {
          accessLevel: 'admin',
          user: expect.objectContaining({ name: 'rita' }),
          repository: { namespace: 'acme', name: 'api' },
        },
      });
      expect((await check('reed', olivia)).body.accessLevel).toBe('read-only');
      expect((await check('olivia', olivia)).body.accessLevel).toBe('admin');
      expect((await check('rita', reed)).status).toBe(403);
      expect(await call('GET', '/api/v0/accounts/reed/repositoryAccess/acme/web', { as: reed })).toEqual({
        status: 404,
        body: dtrError('NO_SUCH_ACCESS'),
      });
      expect(
        list.body.teamAccessList.map((g: { accessLevel: string; team: { name: string } }) => [
          g.team.name,
          g.accessLevel,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['ci', 'admin'],
          ['readers', 'read-only'],
        ]),
      );
    });

    it('grants and revokes a user access directly', async () => {
      const granted = await call('PUT', '/api/v0/repositories/acme/tools/userAccess/reed', {
        as: olivia,
        body: { accessLevel: 'admin' },
      });
      expect(granted).toEqual({
        status: 200,
        body: { accessLevel: 'admin', user: expect.objectContaining({ name: 'reed' }) },
      });
      const key = { type: 'TAG_PUSH', key: 'acme/tools', endpoint: receiver.url };
      const created = await call('POST', '/api/v0/webhooks', { as: reed, body: key });
      expect(created.status).toBe(201);
      expect(
        (await call('DELETE', '/api/v0/repositories/acme/tools/userAccess/reed', { as: olivia })).status,
      ).toBe(204);
      expect((await call('POST', '/api/v0/webhooks', { as: reed, body: key })).status).toBe(403);
      expect((await call('DELETE', `/api/v0/webhooks/${created.body.id}`, { as: admin })).status).toBe(204);
    });
  });

  describe('API tokens', () => {
    it('creates a token shown once, usable as Basic password, Bearer and Token', async () => {
      const created = await call('POST', '/api/v0/api_tokens', { as: rita, body: { tokenLabel: 'laptop' } });
      expect(created).toEqual({
        status: 201,
        body: {
          token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          hashedToken: expect.stringMatching(/^[0-9a-f]{64}$/),
          tokenLabel: 'laptop',
          isActive: true,
          username: 'rita',
          creationTime: expect.any(String),
          lastUsed: ZERO_TIME,
          generatedBy: 'rita',
          expiresAt: null,
        },
      });
      const { token, hashedToken } = created.body;
      for (const authorization of [basicAuth({ name: 'rita', token }), `Bearer ${token}`, `Token ${token}`]) {
        expect((await call('GET', '/api/v0/webhooks', { authorization })).status).toBe(200);
      }
      expect(
        (await call('GET', '/api/v0/webhooks', { authorization: basicAuth({ name: 'reed', token }) })).status,
      ).toBe(401);

      const fetched = await call('GET', `/api/v0/api_tokens/${hashedToken}`, { as: rita });
      expect(fetched.body).toEqual({ ...created.body, token: undefined, lastUsed: expect.any(String) });
      expect(fetched.body.lastUsed).not.toBe(ZERO_TIME);
      expect(JSON.stringify(fetched.body)).not.toContain(token);

      const list = await call('GET', '/api/v0/api_tokens', { as: rita });
      expect(list.body.map((t: { tokenLabel: string }) => t.tokenLabel)).toEqual(['first', 'laptop']);
      expect((await call('GET', '/api/v0/api_tokens?username=rita', { as: reed })).status).toBe(403);
      expect((await call('GET', `/api/v0/api_tokens/${hashedToken}`, { as: reed })).status).toBe(404);
      const all = await call('GET', '/api/v0/api_tokens', { as: admin });
      expect(all.body.map((t: { username: string }) => t.username)).toEqual(
        expect.arrayContaining(['admin', 'olivia', 'rita', 'reed']),
      );

      const patched = await call('PATCH', `/api/v0/api_tokens/${hashedToken}`, {
        as: rita,
        body: { tokenLabel: 'old laptop', isActive: false },
      });
      expect(patched.body).toEqual(expect.objectContaining({ tokenLabel: 'old laptop', isActive: false }));
      expect((await call('GET', '/api/v0/webhooks', { authorization: `Bearer ${token}` })).status).toBe(401);
      const bad = await call('PATCH', `/api/v0/api_tokens/${hashedToken}`, {
        as: rita,
        body: { isActive: 'no' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].detail.fields).toEqual(['isActive']);

      expect((await call('DELETE', `/api/v0/api_tokens/${hashedToken}`, { as: reed })).status).toBe(404);
      expect((await call('DELETE', `/api/v0/api_tokens/${hashedToken}`, { as: rita })).status).toBe(204);
      expect((await call('GET', `/api/v0/api_tokens/${hashedToken}`, { as: rita })).status).toBe(404);
    });

    it('makes a token that expires, and refuses it from then on (401)', async () => {
      const past = await call('POST', '/api/v0/api_tokens', {
        as: rita,
        body: { expiresAt: '2020-01-01T00:00:00Z' },
      });
      expect(past.status).toBe(400);
      expect(past.body.errors[0].detail.fields).toEqual(['expiresAt']);
      const notADate = await call('POST', '/api/v0/api_tokens', { as: rita, body: { expiresAt: 'soon' } });
      expect(notADate.body.errors[0].detail.fields).toEqual(['expiresAt']);

      const expiresAt = new Date(Date.now() + 5000).toISOString();
      const made = await call('POST', '/api/v0/api_tokens?username=rita', { as: admin, body: { expiresAt } });
      expect(made.body).toMatchObject({ username: 'rita', generatedBy: 'admin', expiresAt });
      const asExpiring = { authorization: `Bearer ${made.body.token}` };
      expect((await call('GET', '/api/v0/webhooks', asExpiring)).status).toBe(200);
      await eventually(async () =>
        (await call('GET', '/api/v0/webhooks', asExpiring)).status === 401 ? true : undefined,
      );
      // Still listed, as it was made; it authenticates no one.
      const listed = await call('GET', `/api/v0/api_tokens/${made.body.hashedToken}`, { as: rita });
      expect(listed.body).toMatchObject({ isActive: true, expiresAt });
    });

    it("mass-deletes a user's tokens (admins name the user)", async () => {
      const temp = await createUser('temp');
      await call('POST', '/api/v0/api_tokens?username=temp', { as: admin, body: {} });
      expect((await call('GET', '/api/v0/api_tokens?username=temp', { as: admin })).body).toHaveLength(2);
      expect((await call('DELETE', '/api/v0/api_tokens', { as: admin })).status).toBe(400);
      expect((await call('DELETE', '/api/v0/api_tokens?username=temp', { as: rita })).status).toBe(403);
      expect((await call('DELETE', '/api/v0/api_tokens?username=temp', { as: admin })).status).toBe(204);
      expect((await call('GET', '/api/v0/api_tokens?username=temp', { as: admin })).body).toEqual([]);
      expect((await call('GET', '/api/v0/webhooks', { as: temp })).status).toBe(401);
    });
  });

  describe('webhooks', () => {
    it('lets a repository admin (team access) subscribe, as the DTR docs curl example', async () => {
      const created = await call('POST', '/api/v0/webhooks', {
        as: rita,
        body: { endpoint: receiver.url, key: 'acme/api', skipTLSVerification: true, type: 'TAG_PULL' },
      });
      expect(created).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(/^[0-9a-f]{64}$/),
          type: 'TAG_PULL',
          key: 'acme/api',
          endpoint: receiver.url,
          authorID: ids.rita,
          createdAt: expect.any(String),
          lastSuccessfulAt: ZERO_TIME,
          inactive: false,
          inactiveReason: '',
          tlsCert: '',
          skipTLSVerification: true,
          secret: expect.stringMatching(/^whsec_/),
        },
      });
      ids.ritaHook = created.body.id;
      const secret = await call('GET', `/api/v0/webhooks/${created.body.id}/secret`, { as: rita });
      expect(secret.body).toEqual({ id: created.body.id, secret: created.body.secret });
      expect((await call('GET', `/api/v0/webhooks/${created.body.id}/secret`, { as: reed })).status).toBe(
        403,
      );
    });

    it('enforces DTR access levels and changes nothing on refusal', async () => {
      const before = await webhookCount();
      const attempts: Array<[Caller | undefined, object, number, string]> = [
        [undefined, { type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url }, 401, 'NOT_AUTHENTICATED'],
        [reed, { type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url }, 403, 'NOT_AUTHORIZED'],
        [rita, { type: 'TAG_PUSH', key: 'acme/web', endpoint: receiver.url }, 403, 'NOT_AUTHORIZED'],
        [rita, { type: 'TAG_PUSH', key: 'acme', endpoint: receiver.url }, 403, 'NOT_AUTHORIZED'],
        [rita, { type: 'REPO_CREATED', key: 'acme', endpoint: receiver.url }, 403, 'NOT_AUTHORIZED'],
        [olivia, { type: 'SCANNER_UPDATE_COMPLETED', endpoint: receiver.url }, 403, 'NOT_AUTHORIZED'],
        [rita, { type: 'TAG_PUSH', endpoint: receiver.url }, 400, 'INVALID_PARAMETERS'],
      ];
      for (const [as, body, status, code] of attempts) {
        expect({ body, answer: await call('POST', '/api/v0/webhooks', { as, body }) }).toEqual({
          body,
          answer: { status, body: dtrError(code) },
        });
      }
      expect(await webhookCount()).toBe(before);
    });

    it('lets the namespace owner subscribe to REPO_* and to a whole namespace, and admins to everything', async () => {
      const repoCreated = await call('POST', '/api/v0/webhooks', {
        as: olivia,
        body: { type: 'REPO_CREATED', key: 'acme', endpoint: receiver.url },
      });
      expect(repoCreated.status).toBe(201);
      expect(repoCreated.body).toEqual(expect.objectContaining({ key: 'acme', authorID: ids.olivia }));
      ids.oliviaHook = repoCreated.body.id;
      expect(
        (
          await call('POST', '/api/v0/webhooks', {
            as: olivia,
            body: { type: 'TAG_DELETE', key: 'acme/web', endpoint: receiver.url },
          })
        ).status,
      ).toBe(201);
      const scanner = await call('POST', '/api/v0/webhooks', {
        as: admin,
        body: { type: 'SCANNER_UPDATE_COMPLETED', endpoint: receiver.url },
      });
      expect(scanner.body).toEqual(expect.objectContaining({ key: '', type: 'SCANNER_UPDATE_COMPLETED' }));
      const adminHook = await call('POST', '/api/v0/webhooks', {
        as: admin,
        body: { type: 'MANIFEST_PUSH', key: 'acme/api', endpoint: receiver.url },
      });
      ids.adminHook = adminHook.body.id;
      const withCa = await call('POST', '/api/v0/webhooks', {
        as: admin,
        body: { type: 'TAG_PUSH', endpoint: receiver.url, tlsCert: selfSignedCertificate().cert },
      });
      expect(withCa.status).toBe(201);
      expect(withCa.body.tlsCert).toContain('-----BEGIN CERTIFICATE-----');
    });

    it('rejects bad input with a 400 naming the field', async () => {
      const before = await webhookCount();
      const cases: Array<[object, string[]]> = [
        [{ type: 'TAG_PUSHED', key: 'acme/api', endpoint: receiver.url }, ['type']],
        [{ type: 'REPO_CREATED', key: 'acme/api', endpoint: receiver.url }, ['key']],
        [{ type: 'SCANNER_UPDATE_COMPLETED', key: 'acme', endpoint: receiver.url }, ['key']],
        [{ type: 'TAG_PUSH', key: 'Acme/API!', endpoint: receiver.url }, ['key']],
        [{ type: 'TAG_PUSH', key: 'acme/api', endpoint: 'ftp://example.com/hook' }, ['endpoint']],
        [{ type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url, tlsCert: 'not a pem' }, ['tlsCert']],
      ];
      for (const [body, fields] of cases) {
        const answer = await call('POST', '/api/v0/webhooks', { as: admin, body });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
        const { code, message, detail } = answer.body.errors[0];
        expect(code).toBe('INVALID_PARAMETERS');
        expect(message).toContain(fields[0]);
        expect(detail.fields ?? [detail.field]).toEqual(fields);
      }
      expect(await webhookCount()).toBe(before);
    });

    it('lists: admins everything, users what they administer (whoever made it), resource admins everyone on their resource', async () => {
      // rita administers acme/api: the admin's subscription to it is hers to manage too.
      const mine = await call('GET', '/api/v0/webhooks', { as: rita });
      expect(mine.body.map((w: { id: string }) => w.id)).toEqual([ids.ritaHook, ids.adminHook]);
      expect(mine.body[0]).not.toHaveProperty('secret');
      const all = await call('GET', '/api/v0/webhooks', { as: admin });
      expect(all.body.map((w: { id: string }) => w.id)).toEqual(
        expect.arrayContaining([ids.ritaHook, ids.oliviaHook, ids.adminHook]),
      );

      const repo = await call('GET', '/api/v0/repositories/acme/api/webhooks', { as: rita });
      expect(repo.status).toBe(200);
      expect(repo.body.map((w: { id: string }) => w.id).sort()).toEqual([ids.ritaHook, ids.adminHook].sort());
      expect(await call('GET', '/api/v0/repositories/acme/api/webhooks', { as: reed })).toEqual({
        status: 403,
        body: dtrError('NOT_AUTHORIZED'),
      });
      expect((await call('GET', '/api/v0/repositories/acme/api/webhooks')).status).toBe(401);

      for (const path of ['/api/v0/repositories/acme/webhooks', '/api/v0/accounts/acme/webhooks']) {
        const namespace = await call('GET', path, { as: olivia });
        expect(namespace.body.map((w: { id: string }) => w.id)).toEqual([ids.oliviaHook]);
        expect((await call('GET', path, { as: rita })).status).toBe(403);
        expect((await call('GET', path, { as: admin })).status).toBe(200);
      }
    });

    it('updates a webhook for admins of its resource only', async () => {
      expect(
        (
          await call('POST', '/api/v0/webhooks/update', {
            as: reed,
            body: { webhookID: ids.ritaHook, inactive: true },
          })
        ).status,
      ).toBe(403);
      expect(
        await call('POST', '/api/v0/webhooks/update', {
          as: rita,
          body: { webhookID: 'f'.repeat(64), inactive: true },
        }),
      ).toEqual({ status: 404, body: dtrError('NO_SUCH_WEBHOOK') });
      const bad = await call('POST', '/api/v0/webhooks/update', {
        as: rita,
        body: {
          webhookID: ids.ritaHook,
          tlsCert: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----',
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].detail.fields).toEqual(['tlsCert']);

      const updated = await call('POST', '/api/v0/webhooks/update', {
        as: rita,
        body: {
          webhookID: ids.ritaHook,
          endpoint: `${receiver.origin}/moved`,
          inactive: true,
          skipTLSVerification: false,
        },
      });
      expect(updated).toEqual({
        status: 200,
        body: expect.objectContaining({
          id: ids.ritaHook,
          endpoint: `${receiver.origin}/moved`,
          inactive: true,
          inactiveReason: 'paused',
          skipTLSVerification: false,
          key: 'acme/api',
          type: 'TAG_PULL',
        }),
      });
      const listed = (await call('GET', '/api/v0/webhooks', { as: rita })).body[0];
      expect(listed).toEqual(updated.body);
    });

    it('deletes for system admins and admins of the resource', async () => {
      expect(await call('DELETE', `/api/v0/webhooks/${ids.ritaHook}`, { as: reed })).toEqual({
        status: 403,
        body: dtrError('NOT_AUTHORIZED'),
      });
      expect((await call('DELETE', `/api/v0/webhooks/${ids.oliviaHook}`, { as: rita })).status).toBe(403);
      expect((await call('DELETE', `/api/v0/webhooks/${ids.ritaHook}`)).status).toBe(401);
      // rita administers acme/api, so she may delete the admin's subscription to it.
      expect((await call('DELETE', `/api/v0/webhooks/${ids.adminHook}`, { as: rita })).status).toBe(204);
      expect((await call('DELETE', `/api/v0/webhooks/${ids.ritaHook}`, { as: rita })).status).toBe(204);
      expect(await call('DELETE', `/api/v0/webhooks/${ids.ritaHook}`, { as: rita })).toEqual({
        status: 404,
        body: dtrError('NO_SUCH_WEBHOOK'),
      });
      expect((await call('DELETE', `/api/v0/webhooks/${ids.oliviaHook}`, { as: admin })).status).toBe(204);
    });

    it('sends a signed test payload and reports the receiver status', async () => {
      receiver.reset();
      receiver.respondWith({ status: 200 }, { status: 503 });
      const ok = await call('POST', '/api/v0/webhooks/test', {
        as: reed,
        body: { type: 'SCAN_COMPLETED', endpoint: receiver.url },
      });
      expect(ok).toEqual({
        status: 200,
        body: {
          type: 'SCAN_COMPLETED',
          endpoint: receiver.url,
          delivered: true,
          statusCode: 200,
          error: null,
          durationMs: expect.any(Number),
          webhookId: expect.stringMatching(/^msg_/),
          secret: expect.stringMatching(/^whsec_/),
        },
      });
      const [request] = await receiver.waitForRequests(1);
      const payload = JSON.parse(request.body);
      expect(payload).toEqual({
        type: 'SCAN_COMPLETED',
        createdAt: expect.any(String),
        contents: EXAMPLE_CONTENTS.SCAN_COMPLETED,
      });
      expect(request.headers['user-agent']).toMatch(/^Hookyard\//);
      expect(verifySignature(ok.body.secret, request)).toEqual(payload);

      const failing = await call('POST', '/api/v0/webhooks/test', {
        as: reed,
        body: { type: 'TAG_PUSH', endpoint: receiver.url },
      });
      expect(failing.body).toEqual(
        expect.objectContaining({ delivered: false, statusCode: 503, error: null }),
      );

      const closedPort = `http://127.0.0.1:1/hook`;
      const unreachable = await call('POST', '/api/v0/webhooks/test', {
        as: reed,
        body: { type: 'TAG_PUSH', endpoint: closedPort },
      });
      expect(unreachable.body).toEqual(
        expect.objectContaining({
          delivered: false,
          statusCode: null,
          error: expect.stringContaining('ECONNREFUSED'),
        }),
      );

      const bad = await call('POST', '/api/v0/webhooks/test', {
        as: reed,
        body: { type: 'NOPE', endpoint: 'file:///etc/passwd' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].detail.fields).toEqual(['type']);
      expect(
        (await call('POST', '/api/v0/webhooks/test', { body: { type: 'TAG_PUSH', endpoint: receiver.url } }))
          .status,
      ).toBe(401);
      expect(receiver.requests).toHaveLength(2);
    });
  });

  it('documents every DTR route in the OpenAPI document', async () => {
    const document = await call('GET', '/api/docs-json');
    expect(document.status).toBe(200);
    const paths = Object.fromEntries(
      Object.entries(document.body.paths as Record<string, object>).map(([path, ops]) => [
        path,
        Object.keys(ops).sort(),
      ]),
    );
    expect(paths).toEqual(
      expect.objectContaining({
        '/api/v0/webhooks': ['get', 'post'],
        '/api/v0/webhooks/test': ['post'],
        '/api/v0/webhooks/update': ['post'],
        '/api/v0/webhooks/{id}': ['delete'],
        '/api/v0/webhooks/{id}/secret': ['get'],
        '/api/v0/repositories/{namespace}/{reponame}/webhooks': ['get'],
        '/api/v0/repositories/{namespace}/webhooks': ['get'],
        '/api/v0/accounts/{namespace}/webhooks': ['get'],
        '/api/v0/api_tokens': ['delete', 'get', 'post'],
        '/api/v0/api_tokens/{hashedtoken}': ['delete', 'get', 'patch'],
        '/api/v0/accounts': ['get', 'post'],
        '/api/v0/accounts/{orgname}/members': ['get'],
        '/api/v0/accounts/{orgname}/teams/{team}/members': ['get'],
        '/api/v0/repositories/{namespace}/{reponame}/userAccess': ['get'],
        '/api/v0/accounts/{name}': ['delete', 'get', 'patch'],
        '/api/v0/accounts/{orgname}/members/{member}': ['delete', 'put'],
        '/api/v0/accounts/{orgname}/teams': ['get', 'post'],
        '/api/v0/accounts/{orgname}/teams/{team}/members/{member}': ['delete', 'put'],
        '/api/v0/repositories/{namespace}/{reponame}/teamAccess/{teamname}': ['delete', 'put'],
        '/api/v0/repositories/{namespace}/{reponame}/userAccess/{username}': ['delete', 'put'],
        '/api/v0/accounts/{username}/repositoryAccess/{namespace}/{reponame}': ['get'],
        '/api/v0/repositories/{namespace}/{reponame}/teamAccess': ['get'],
        '/api/v0/repositoryNamespaces/{namespace}/teamAccess': ['get'],
        '/api/v0/repositoryNamespaces/{namespace}/teamAccess/{teamname}': ['delete', 'get', 'put'],
        '/api/v0/accounts/{orgname}/teams/{teamname}/repositoryAccess': ['get'],
        '/api/v0/repositories': ['get'],
        '/api/v0/repositories/{namespace}': ['get', 'post'],
        '/api/v0/repositories/{namespace}/{reponame}': ['delete', 'get', 'patch'],
        '/api/v0/events': ['get'],
        '/api/v0/repositories/{namespace}/{reponame}/events': ['get'],
        // Hookyard's extensions for the web console.
        '/api/v0/session': ['delete', 'get', 'post'],
        '/api/v0/webhook_types': ['get'],
        '/api/v0/subscriptions': ['get'],
        '/api/v0/subscriptions/{id}': ['get'],
        '/api/v0/subscriptions/{id}/test': ['post'],
        '/api/v0/subscriptions/{id}/secret': ['get'],
        '/api/v0/delivery_stats': ['get'],
      }),
    );
    const test = document.body.paths['/api/v0/webhooks/test'].post;
    expect(test.responses['200'].content['application/json'].schema.$ref).toContain('TestWebhookResponse');
    expect(test.responses['401'].content['application/json'].schema.$ref).toContain('DtrErrorBody');
    // Issue 18's routes: each documents DTR's error body and what it answers.
    type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
    const dtrSurface = [
      '/api/v0/events',
      '/api/v0/repositories/{namespace}/{reponame}/events',
      '/api/v0/repositories',
      '/api/v0/repositories/{namespace}',
      '/api/v0/repositories/{namespace}/{reponame}',
      '/api/v0/repositoryNamespaces/{namespace}/teamAccess',
      '/api/v0/repositoryNamespaces/{namespace}/teamAccess/{teamname}',
      '/api/v0/accounts/{orgname}/teams/{teamname}/repositoryAccess',
      '/api/v0/accounts/{name}',
    ];
    for (const path of dtrSurface) {
      for (const [method, operation] of Object.entries(
        document.body.paths[path] as Record<string, Operation>,
      )) {
        const { responses } = operation;
        const errors = ['400', '401', '403', '404'].map((status) =>
          JSON.stringify(responses[status]?.content?.['application/json']?.schema ?? null),
        );
        const success = Object.keys(responses).filter((status) => status.startsWith('2'));
        expect({ path, method, errors, success: success.length }).toEqual({
          path,
          method,
          errors: errors.map(() => expect.stringContaining('DtrErrorBody')),
          success: 1,
        });
      }
    }
    const refusal = document.body.paths['/api/v0/webhooks'].post.responses['403'].description;
    expect(refusal).toContain('TOO_MANY_WEBHOOKS');
    expect(refusal).toContain('SUBSCRIPTIONS_STORED_PER_ACCOUNT');
    const swaggerUi = await fetch(`${stack.url('gateway')}/api/docs`);
    expect(swaggerUi.status).toBe(200);
  });

  it("delivers each DTR webhook type (DTR's 15 and the Harbor project types) in the DTR wrapper", async () => {
    // Earlier tests left subscriptions to everything; only this test's may receive.
    for (const webhook of (await call('GET', '/api/v0/webhooks', { as: admin })).body) {
      expect((await call('DELETE', `/api/v0/webhooks/${webhook.id}`, { as: admin })).status).toBe(204);
    }
    receiver.reset();
    const secrets = new Map<string, string>();
    for (const type of DTR_EVENT_TYPES) {
      const { scope } = EVENT_TYPE_RULES[type];
      const key = scope === 'global' ? undefined : scope === 'namespace' ? 'foo' : 'foo/bar';
      const created = await call('POST', '/api/v0/webhooks', {
        as: admin,
        body: { type, key, endpoint: `${receiver.origin}/${type}` },
      });
      expect(created.status).toBe(201);
      secrets.set(type, created.body.secret);
    }
    await stack.start('dispatcher');
    const events: CanonicalEvent[] = DTR_EVENT_TYPES.map((type) => ({
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      source: 'e2e',
      ...(EVENT_TYPE_RULES[type].scope !== 'global' && { namespace: 'foo', repository: 'bar' }),
      contents: EXAMPLE_CONTENTS[type] as Record<string, unknown>,
      dedupKey: randomUUID(),
    }));
    await stack.appendEvents(events);

    const requests = await receiver.waitForRequests(DTR_EVENT_TYPES.length, 30_000);
    const byType = new Map(requests.map((request) => [request.path.slice(1), request]));
    for (const event of events) {
      const request = byType.get(event.type);
      expect({ type: event.type, arrived: !!request }).toEqual({ type: event.type, arrived: true });
      const body = JSON.parse(request!.body);
      expect(body).toEqual({
        type: event.type,
        createdAt: event.occurredAt,
        contents: EXAMPLE_CONTENTS[event.type],
      });
      expect(validateContents(event.type, body.contents).errors).toEqual([]);
      expect(verifySignature(secrets.get(event.type)!, request!)).toEqual(body);
    }
    expect(requests).toHaveLength(DTR_EVENT_TYPES.length);
  });
});
