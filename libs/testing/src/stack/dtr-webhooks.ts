import type { EventType } from '@hookyard/events';
import { eventually } from '../eventually';
import { gatewayApi } from './call-api';
import type { Stack } from './stack';

export interface CreatedWebhook {
  id: string;
  secret: string;
}

/** A delivery as the delivery log API lists it. */
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

/** A DTR webhook as created: DTR's fields, and Hookyard's options. */
export interface NewWebhook {
  key: string;
  endpoint: string;
  type?: EventType;
  tlsCert?: string;
  skipTLSVerification?: boolean;
  tagPattern?: string;
  repositoryPattern?: string;
  payloadFormat?: string;
  headers?: Record<string, string>;
  ordered?: boolean;
  rateLimit?: number;
}

/** A DTR webhook made by the admin (type TAG_PUSH unless given). */
export async function createWebhook(stack: Stack, body: NewWebhook): Promise<CreatedWebhook> {
  const created = await gatewayApi(stack, '/api/v0/webhooks', {
    method: 'POST',
    body: { type: 'TAG_PUSH', ...body },
  });
  if (created.status !== 201)
    throw new Error(`create webhook: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as CreatedWebhook;
}

/** Re-enables a webhook through the DTR API (`inactive: false`), as an operator would. */
export async function reenableWebhook(stack: Stack, webhookId: string): Promise<void> {
  const updated = await gatewayApi(stack, '/api/v0/webhooks/update', {
    method: 'POST',
    body: { webhookID: webhookId, inactive: false },
  });
  if (updated.status !== 200)
    throw new Error(`re-enable webhook: ${updated.status} ${JSON.stringify(updated.body)}`);
}

/** The webhook's delivery log, newest first; `query` as in `?status=failed`. */
export async function deliveriesOf(stack: Stack, webhookId: string, query = ''): Promise<LoggedDelivery[]> {
  const listed = await gatewayApi(stack, `/api/v0/webhooks/${webhookId}/deliveries${query}`);
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
  const detail = await gatewayApi(stack, `/api/v0/webhooks/${webhookId}/deliveries/${delivery.id}`);
  return detail.body;
}
