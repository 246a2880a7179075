import { gatewayApi } from './call-api';
import type { Stack } from './stack';

export interface TestUser {
  name: string;
  token: string;
}

/** The user's `Authorization` header for the DTR API (`curl -u name:token`). */
export const basicAuth = ({ name, token }: TestUser) =>
  `Basic ${Buffer.from(`${name}:${token}`).toString('base64')}`;

async function asAdmin(
  stack: Stack,
  method: string,
  path: string,
  body: object,
  expected: number,
  alsoFine?: number,
) {
  const answer = await gatewayApi(stack, path, { method, body });
  if (answer.status !== expected && answer.status !== alsoFine)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, string>;
}

/** An organization (a namespace whose repositories can be granted to users), made through the DTR accounts API. */
export async function createOrganization(stack: Stack, name: string): Promise<void> {
  await asAdmin(stack, 'POST', '/api/v0/accounts', { name, isOrg: true }, 201);
}

/** A normal (non-admin) user with one API token, made by the admin through the DTR accounts API. */
export async function createUserWithToken(stack: Stack, name: string): Promise<TestUser> {
  await asAdmin(stack, 'POST', '/api/v0/accounts', { name, isOrg: false }, 201);
  const path = `/api/v0/api_tokens?username=${encodeURIComponent(name)}`;
  const { token } = await asAdmin(stack, 'POST', path, { tokenLabel: 'e2e' }, 201);
  return { name, token };
}

/**
 * The repository `namespace/name` (its namespace an account), made by the admin through DTR's
 * repositories API unless it exists.
 */
export async function ensureRepository(stack: Stack, repository: string): Promise<void> {
  const slash = repository.indexOf('/');
  const [namespace, name] = [repository.slice(0, slash), repository.slice(slash + 1)];
  await asAdmin(stack, 'POST', `/api/v0/repositories/${encodeURIComponent(namespace)}`, { name }, 201, 409);
}

/** Gives `username` an access level (`read-only`, `read-write`, `admin`) on one repository, made if need be. */
export async function grantRepositoryAccess(
  stack: Stack,
  repository: string,
  username: string,
  accessLevel: string,
): Promise<void> {
  await ensureRepository(stack, repository);
  const path = `/api/v0/repositories/${repository}/userAccess/${encodeURIComponent(username)}`;
  await asAdmin(stack, 'PUT', path, { accessLevel }, 200);
}

/** A team of an organization with these members, made by the admin through DTR's teams API. */
export async function createTeam(
  stack: Stack,
  org: string,
  team: string,
  members: string[] = [],
): Promise<void> {
  const teams = `/api/v0/accounts/${encodeURIComponent(org)}/teams`;
  await asAdmin(stack, 'POST', teams, { name: team }, 201);
  for (const member of members) {
    await asAdmin(
      stack,
      'PUT',
      `${teams}/${encodeURIComponent(team)}/members/${encodeURIComponent(member)}`,
      {},
      200,
    );
  }
}
