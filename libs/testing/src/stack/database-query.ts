import { Client } from 'pg';
import type { Stack } from './stack';

/** Runs one statement against the stack's database (a connection of its own) and returns the rows. */
export async function queryDatabase(
  stack: Stack,
  text: string,
  params: unknown[] = [],
): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: stack.database.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}
