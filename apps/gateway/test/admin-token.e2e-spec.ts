import {
  basicAuth,
  callApi,
  createUserWithToken,
  queryDatabase,
  Stack,
  startStack,
  TestUser,
} from '@hookyard/testing';
import { randomBytes } from 'node:crypto';

/** ADMIN_TOKEN is the admin's one bootstrap token: changing it revokes the token it replaced. */
describe('admin bootstrap token (e2e)', () => {
  let stack: Stack;
  let rita: TestUser;
  const newToken = () => `admin-${randomBytes(20).toString('hex')}`;
  const basic = (name: string, token: string) => basicAuth({ name, token });
  const status = async (authorization: string) =>
    (await callApi('GET', `${stack.url('gateway')}/api/v0/accounts/admin`, authorization)).status;
  const restartGateway = async (adminToken: string) => {
    await stack.stopApp('gateway');
    await stack.start('gateway', { ADMIN_TOKEN: adminToken });
  };

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway'] });
    rita = await createUserWithToken(stack, 'rita');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('a restart with another ADMIN_TOKEN: the old one gets 401, the new one works, other tokens stay', async () => {
    const first = stack.adminToken;
    expect(await status(basic('admin', first))).toBe(200);

    const second = newToken();
    await restartGateway(second);
    expect(await status(basic('admin', first))).toBe(401);
    expect(await status(`Bearer ${first}`)).toBe(401);
    expect(await status(basic('admin', second))).toBe(200);
    expect(await status(basic('rita', rita.token))).toBe(200);
    expect(stack.logs('gateway')).toContain('revoked 1 earlier admin bootstrap token(s)');

    // The same ADMIN_TOKEN again changes nothing.
    await restartGateway(second);
    expect(await status(basic('admin', second))).toBe(200);
    expect(
      await queryDatabase(stack, 'SELECT count(*)::int AS n FROM api_tokens WHERE is_bootstrap'),
    ).toEqual([{ n: 1 }]);
  });

  it("refuses to start with an ADMIN_TOKEN that is another account's token", async () => {
    await stack.stopApp('gateway');
    await expect(stack.start('gateway', { ADMIN_TOKEN: rita.token })).rejects.toThrow(
      /ADMIN_TOKEN is already an API token of another account/,
    );
    const third = newToken();
    await stack.start('gateway', { ADMIN_TOKEN: third });
    expect(await status(basic('rita', rita.token))).toBe(200);
    expect(await status(basic('admin', third))).toBe(200);
  });
});
