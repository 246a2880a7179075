import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Stack } from './stack';

export interface TestUser {
  id: string;
  name: string;
  token: string;
}

/** A normal (non-admin) user with one API token, written straight to the stack's database. */
export async function createUserWithToken(stack: Stack, name: string): Promise<TestUser> {
  const token = randomBytes(32).toString('base64url');
  const client = new Client({ connectionString: stack.database.url });
  await client.connect();
  try {
    const {
      rows: [{ id }],
    } = await client.query<{ id: string }>('INSERT INTO accounts (name) VALUES ($1) RETURNING id', [name]);
    await client.query('INSERT INTO api_tokens (account_id, token_hash) VALUES ($1, $2)', [
      id,
      createHash('sha256').update(token).digest('hex'),
    ]);
    return { id, name, token };
  } finally {
    await client.end();
  }
}
