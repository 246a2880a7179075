import type { Stack } from './stack';

export interface TestUser {
  name: string;
  token: string;
}

async function postAsAdmin(stack: Stack, path: string, body: object): Promise<Record<string, string>> {
  const response = await fetch(`${stack.url('gateway')}${path}`, {
    method: 'POST',
    headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

/** An organization (a namespace whose repositories can be granted to users), made through the DTR accounts API. */
export async function createOrganization(stack: Stack, name: string): Promise<void> {
  await postAsAdmin(stack, '/api/v0/accounts', { name, isOrg: true });
}

/** A normal (non-admin) user with one API token, made by the admin through the DTR accounts API. */
export async function createUserWithToken(stack: Stack, name: string): Promise<TestUser> {
  const post = (path: string, body: object) => postAsAdmin(stack, path, body);
  await post('/api/v0/accounts', { name, isOrg: false });
  const { token } = await post(`/api/v0/api_tokens?username=${encodeURIComponent(name)}`, {
    tokenLabel: 'e2e',
  });
  return { name, token };
}

/** Gives `username` an access level (`read-only`, `read-write`, `admin`) on one repository. */
export async function grantRepositoryAccess(
  stack: Stack,
  repository: string,
  username: string,
  accessLevel: string,
): Promise<void> {
  const path = `/api/v0/repositories/${repository}/userAccess/${encodeURIComponent(username)}`;
  const response = await fetch(`${stack.url('gateway')}${path}`, {
    method: 'PUT',
    headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ accessLevel }),
  });
  if (response.status !== 200) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}
