import { hashToken } from '@hookyard/auth';
import type { EventType } from '@hookyard/events';
import { SUBSCRIPTION_CHANGED } from '@hookyard/queue';
import { eventually, tagPushEvent, type RecordedRequest, type Stack } from '@hookyard/testing';

export { eventually };
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';

export interface CreatedWebhook {
  id: string;
  secret: string;
}

export interface LoggedDelivery {
  id: string;
  status: string;
  attempts: number;
  webhookMessageID: string;
  lastResponseStatus: number | null;
  eventID: string;
}

export interface LoggedAttempt {
  attempt: number;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  requestHeaders: Record<string, string>;
  requestBody: string;
  durationMs: number;
  error: string | null;
}

/** A gateway answer; `body` is parsed JSON of whatever shape the route returns. */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function api(
  stack: Stack,
  path: string,
  init: { method?: string; body?: unknown; auth?: string } = {},
): Promise<ApiResponse> {
  const response = await fetch(`${stack.url('gateway')}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: init.auth ?? stack.adminAuth,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function createWebhook(
  stack: Stack,
  body: { key: string; endpoint: string; type?: EventType; tlsCert?: string; skipTLSVerification?: boolean },
): Promise<CreatedWebhook> {
  const created = await api(stack, '/api/v0/webhooks', {
    method: 'POST',
    body: { type: 'TAG_PUSH', ...body },
  });
  if (created.status !== 201)
    throw new Error(`create webhook: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as CreatedWebhook;
}

/** A TAG_PUSH for `key` (namespace/repository) with a fresh id. */
export const tagPush = tagPushEvent;

export async function deliveriesOf(stack: Stack, webhookId: string, query = ''): Promise<LoggedDelivery[]> {
  const listed = await api(stack, `/api/v0/webhooks/${webhookId}/deliveries${query}`);
  if (listed.status !== 200)
    throw new Error(`list deliveries: ${listed.status} ${JSON.stringify(listed.body)}`);
  return listed.body as LoggedDelivery[];
}

/** Waits until the webhook's delivery of `eventId` reaches `status`, and returns it with its attempts. */
export async function settledDelivery(
  stack: Stack,
  webhookId: string,
  eventId: string,
  status: string,
  timeoutMs = 15_000,
): Promise<LoggedDelivery & { attemptLog: LoggedAttempt[]; requestBody: string }> {
  const delivery = await eventually(async () => {
    const found = (await deliveriesOf(stack, webhookId)).find((d) => d.eventID === eventId);
    return found?.status === status ? found : undefined;
  }, timeoutMs).catch(async (error: Error) => {
    const seen = await deliveriesOf(stack, webhookId);
    throw new Error(`${error.message}; waiting for ${status} of ${eventId}, logged: ${JSON.stringify(seen)}`);
  });
  const detail = await api(stack, `/api/v0/webhooks/${webhookId}/deliveries/${delivery.id}`);
  return detail.body;
}

export function verifySignature(secret: string, request: RecordedRequest): unknown {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}

/** Re-enables a subscription the way every API's update does: inactive off, failure count reset, dispatchers told. */
export async function reenable(stack: Stack, webhookId: string): Promise<void> {
  await sql(
    stack,
    'UPDATE subscriptions SET inactive = false, inactive_reason = NULL, consecutive_failures = 0 WHERE id = $1',
    [webhookId],
  );
  const data = { prefix: stack.env.REDIS_PREFIX, subscriptionId: webhookId };
  await stack.redis.publish(SUBSCRIPTION_CHANGED, JSON.stringify({ pattern: SUBSCRIPTION_CHANGED, data }));
}

/** Runs one statement against the stack's database. */
export async function sql(
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

/** A plain user with one API token, straight in the database; returns its Basic auth header. */
export async function userAuth(stack: Stack, name: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const [account] = await sql(stack, 'INSERT INTO accounts (name) VALUES ($1) RETURNING id', [name]);
  await sql(stack, 'INSERT INTO api_tokens (account_id, token_hash) VALUES ($1, $2)', [
    account.id,
    hashToken(token),
  ]);
  return `Basic ${Buffer.from(`${name}:${token}`).toString('base64')}`;
}
