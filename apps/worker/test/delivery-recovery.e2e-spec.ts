import {
  basicAuth,
  createUserWithToken,
  createWebhook,
  deliveriesOf,
  eventually,
  gatewayApi,
  settledDelivery,
  suiteStackWithReceiver,
  tagPushEvent,
  verifySignature,
} from '@hookyard/testing';

/** Recovery through the real stack: the failed deliveries since a time, sent again in the background. */
describe('recovering failed deliveries (e2e)', () => {
  const suite = suiteStackWithReceiver({
    env: { DELIVERY_RETRY_SCHEDULE: '100ms', DELIVERY_DISABLE_AFTER_FAILURES: '100' },
  });

  const recover = (webhookId: string, body: unknown, auth?: string) =>
    gatewayApi(suite.stack, `/api/v0/webhooks/${webhookId}/deliveries/recover`, {
      method: 'POST',
      body,
      auth,
    });

  /** Delivers a new event for `key` while the receiver answers `status`, and waits for its outcome. */
  async function deliverOne(webhookId: string, key: string, status: number) {
    suite.receiver.setDefaultResponse({ status });
    const event = tagPushEvent(key);
    await suite.stack.appendEvents([event]);
    return settledDelivery(suite.stack, webhookId, event.id, status === 200 ? 'succeeded' : 'failed');
  }

  it('re-sends exactly the deliveries that failed since the time given, with their webhook-ids, and reports progress', async () => {
    const key = 'acme/recover';
    const webhook = await createWebhook(suite.stack, { key, endpoint: suite.receiver.url });
    await deliverOne(webhook.id, key, 500); // failed before `since`
    const since = new Date().toISOString();
    const failedFirst = await deliverOne(webhook.id, key, 500);
    await deliverOne(webhook.id, key, 200);
    const failedThen = await deliverOne(webhook.id, key, 503);
    // Failed, then redelivered by hand with success: delivered, nothing to recover.
    const redeliveredByHand = await deliverOne(webhook.id, key, 500);
    suite.receiver.setDefaultResponse({ status: 200 });
    const byHand = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/${redeliveredByHand.id}/redeliver`,
      { method: 'POST' },
    );
    await eventually(async () =>
      (await deliveriesOf(suite.stack, webhook.id)).find((d) => d.id === byHand.body.id)?.status ===
      'succeeded'
        ? true
        : undefined,
    );
    suite.receiver.reset();
    suite.receiver.setDefaultResponse({ status: 200 });

    const started = await recover(webhook.id, { since });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ id: expect.any(String), queued: 2, truncated: false });
    const location = started.headers.get('location');
    expect(location).toBe(`/api/v0/webhooks/${webhook.id}/deliveries/recover/${started.body.id}`);

    const progress = await eventually(async () => {
      const read = await gatewayApi(suite.stack, location!);
      return read.body.status === 'finished' ? read.body : undefined;
    });
    expect(progress).toEqual({
      id: started.body.id,
      webhookID: webhook.id,
      since: new Date(since).toISOString(),
      createdAt: expect.any(String),
      status: 'finished',
      queued: 2,
      truncated: false,
      deliveries: { waiting: 0, pending: 0, succeeded: 2, failed: 0, skipped: 0, unsent: 0 },
    });
    // Exactly the two, oldest failure first, as the same messages, signed as any delivery.
    const requests = await suite.receiver.waitForRequests(2);
    expect(requests.map((request) => request.headers['webhook-id']).sort()).toEqual(
      [failedFirst.webhookMessageID, failedThen.webhookMessageID].sort(),
    );
    for (const request of requests)
      expect(verifySignature(webhook.secret, request)).toMatchObject({ type: 'TAG_PUSH' });
    expect(requests.map((request) => request.body).sort()).toEqual(
      [failedFirst.requestBody, failedThen.requestBody].sort(),
    );
    // The redeliveries are in the log as deliveries of their own.
    const logged = await deliveriesOf(suite.stack, webhook.id, '?pageSize=100');
    const resent = logged.filter(
      (d) =>
        d.status === 'succeeded' &&
        [failedFirst.webhookMessageID, failedThen.webhookMessageID].includes(d.webhookMessageID),
    );
    expect(resent).toHaveLength(2);
    expect(resent.map((d) => d.id)).not.toContain(failedFirst.id);

    // Nothing failed since: a second recovery has nothing to send.
    const again = await recover(webhook.id, { since });
    expect(again.body).toMatchObject({ queued: 0 });
    const empty = await gatewayApi(suite.stack, again.headers.get('location')!);
    expect(empty.body).toMatchObject({ status: 'finished', queued: 0 });
    expect(suite.receiver.requests).toHaveLength(2);
  });

  it('refuses a time out of bounds, an inactive webhook, and callers who do not administer it', async () => {
    const webhook = await createWebhook(suite.stack, {
      key: 'acme/recover-refused',
      endpoint: suite.receiver.url,
    });
    const now = Date.now();
    for (const [since, message] of [
      [new Date(now - 15 * 24 * 3600_000).toISOString(), /since must be within the last 14 days/],
      [new Date(now + 3600_000).toISOString(), /since must not be in the future/],
      ['yesterday', /since must be an ISO-8601 time/],
      [undefined, /since must be an ISO-8601 time/],
    ] as const) {
      const refused = await recover(webhook.id, since === undefined ? {} : { since });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].message).toMatch(message);
    }

    const stranger = await createUserWithToken(suite.stack, 'recover-stranger');
    const hidden = await recover(webhook.id, { since: new Date(now).toISOString() }, basicAuth(stranger));
    expect(hidden.status).toBe(404);
    const started = await recover(webhook.id, { since: new Date(now - 3600_000).toISOString() });
    expect(started.status).toBe(202);
    const progress = `/api/v0/webhooks/${webhook.id}/deliveries/recover/${started.body.id}`;
    expect((await gatewayApi(suite.stack, progress, { auth: basicAuth(stranger) })).status).toBe(404);
    const unknown = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/recover/00000000-0000-4000-8000-000000000000`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe('NO_SUCH_RECOVERY');

    await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: webhook.id, inactive: true },
    });
    const inactive = await recover(webhook.id, { since: new Date(now - 3600_000).toISOString() });
    expect(inactive.status).toBe(409);
    expect(inactive.body.errors[0].code).toBe('WEBHOOK_INACTIVE');
  });

  it('documents recovery in the OpenAPI document', async () => {
    const { body } = await gatewayApi(suite.stack, '/api/docs-json');
    const { paths } = body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(paths['/api/v0/webhooks/{id}/deliveries/recover'])).toEqual(['post']);
    expect(Object.keys(paths['/api/v0/webhooks/{id}/deliveries/recover/{recoveryId}'])).toEqual(['get']);
  });
});
