import {
  basicAuth,
  createUserWithToken,
  createWebhook,
  deliveriesOf,
  eventually,
  gatewayApi,
  queryDatabase,
  reenableWebhook,
  selfSignedCertificate,
  settledDelivery,
  startReceiver,
  suiteStackWithReceiver,
  tagPushEvent,
  verifySignature,
} from '@hookyard/testing';

/** Deliveries to a scripted receiver: retries, Retry-After, 410, timeouts, refusals, health, TLS, log API. */
describe('deliveries you can trust (e2e)', () => {
  const suite = suiteStackWithReceiver({
    env: {
      DELIVERY_RETRY_SCHEDULE: '200ms,400ms,1500ms',
      DELIVERY_TIMEOUT: '1s',
      DELIVERY_DISABLE_AFTER_FAILURES: '2',
      DELIVERY_ENDPOINT_CONCURRENCY: '2',
      DELIVERY_MAX_BODY_BYTES: '4096',
    },
  });

  it('retries 500 ×3 on the schedule with one webhook-id, then succeeds; every attempt is logged', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/retry', endpoint: suite.receiver.url });
    suite.receiver.respondWith({ status: 500, body: 'boom' }, { status: 500 }, { status: 500 });
    const event = tagPushEvent('acme/retry');
    await suite.stack.appendEvents([event]);

    const requests = await suite.receiver.waitForRequests(4, 15_000);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const request of requests)
      expect(verifySignature(webhook.secret, request)).toMatchObject({ type: 'TAG_PUSH' });
    // Jitter is ±20 %: the gaps follow 200 ms, 400 ms, 1500 ms.
    const gaps = requests.slice(1).map((r, i) => r.receivedAt - requests[i].receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[1]).toBeGreaterThanOrEqual(300);
    expect(gaps[2]).toBeGreaterThanOrEqual(1150);

    const delivery = await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
    expect(delivery).toMatchObject({ attempts: 4, lastResponseStatus: 200 });
    expect(delivery.webhookMessageID).toBe(requests[0].headers['webhook-id']);
    expect(delivery.attemptLog.map((a) => a.responseStatus)).toEqual([500, 500, 500, 200]);
    expect(delivery.attemptLog[0]).toMatchObject({ attempt: 1, responseBody: 'boom', error: null });
    expect(delivery.attemptLog[0].requestHeaders['webhook-id']).toBe(delivery.webhookMessageID);
    expect(delivery.attemptLog[0].requestBody).toBe(requests[0].body);
    expect(delivery.requestBody).toBe(requests[3].body);
    expect(delivery.attemptLog[0].durationMs).toEqual(expect.any(Number));

    // lastSuccessfulAt is written within about a second of the success.
    await eventually(async () => {
      const [listed] = (await gatewayApi(suite.stack, '/api/v0/webhooks')).body.filter(
        (w: { id: string }) => w.id === webhook.id,
      );
      return listed.lastSuccessfulAt !== '0001-01-01T00:00:00Z' ? true : undefined;
    });
  });

  it('redelivers a logged delivery as a new delivery with the same webhook-id', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/redeliver', endpoint: suite.receiver.url });
    // Accepted as ingest accepts events into the stream (which the activity stream records).
    const event = { ...tagPushEvent('acme/redeliver'), acceptedAt: new Date().toISOString() };
    await suite.stack.appendEvents([event]);
    const original = await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
    // Its row leaves the event to the activity stream (kept longer than the log, by default): the
    // redelivery, asked for at once, finds it there once the activity stream has recorded it.
    expect(
      await queryDatabase(suite.stack, 'SELECT event FROM deliveries WHERE id = $1', [original.id]),
    ).toEqual([{ event: null }]);

    const redelivered = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/${original.id}/redeliver`,
      {
        method: 'POST',
      },
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.id).not.toBe(original.id);
    const requests = await suite.receiver.waitForRequests(2, 10_000);
    expect(requests[1].headers['webhook-id']).toBe(original.webhookMessageID);
    expect(verifySignature(webhook.secret, requests[1])).toMatchObject({ type: 'TAG_PUSH' });
    // Rendered again from the event as logged.
    expect(requests[1].body).toBe(requests[0].body);
    await eventually(async () => {
      const all = await deliveriesOf(suite.stack, webhook.id);
      return all.length === 2 && all.every((d) => d.status === 'succeeded') ? all : undefined;
    });
    // Newest first, and paged.
    const [first] = await deliveriesOf(suite.stack, webhook.id, '?pageSize=1');
    expect(first.id).toBe(redelivered.body.id);
    const page = await gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/deliveries?pageSize=1`);
    const next = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries?pageSize=1&pageStart=${page.headers.get('x-next-page-start')}`,
    );
    expect(next.body.map((d: { id: string }) => d.id)).toEqual([original.id]);
    expect(next.headers.get('x-next-page-start')).toBeNull();
  });

  it('rejects bad queries and unknown ids with DTR error bodies', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/errors', endpoint: suite.receiver.url });
    const bad = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries?status=lost&pageSize=0`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('INVALID_PARAMETERS');
    expect(bad.body.errors[0].message).toMatch(/status must be one of/);
    expect(bad.body.errors[0].message).toMatch(/pageSize/);
    const cursor = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries?pageStart=nonsense`,
    );
    expect(cursor.status).toBe(400);
    expect(
      (await gatewayApi(suite.stack, `/api/v0/webhooks/${'0'.repeat(64)}/deliveries`)).body.errors[0].code,
    ).toBe('NO_SUCH_WEBHOOK');
    const missing = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/not-a-delivery/redeliver`,
      {
        method: 'POST',
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe('NO_SUCH_DELIVERY');
    const anonymous = await fetch(`${suite.stack.url('gateway')}/api/v0/webhooks/${webhook.id}/deliveries`);
    expect(anonymous.status).toBe(401);

    // Same permissions as the subscription: an admin of its target may read; to anyone who cannot
    // even see the repository, the webhook does not exist.
    const path = `/api/v0/webhooks/${webhook.id}/deliveries`;
    const stranger = await gatewayApi(suite.stack, path, {
      auth: basicAuth(await createUserWithToken(suite.stack, 'mallory')),
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.errors[0].code).toBe('NO_SUCH_WEBHOOK');
    expect(
      (
        await gatewayApi(suite.stack, path, {
          auth: basicAuth(await createUserWithToken(suite.stack, 'acme')),
        })
      ).status,
    ).toBe(200);
  });

  it('honours Retry-After on 429 (seconds) and caps a far HTTP date on 503 at the longest step', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/later', endpoint: suite.receiver.url });
    suite.receiver.respondWith(
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 503, headers: { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() } },
    );
    const event = tagPushEvent('acme/later');
    await suite.stack.appendEvents([event]);
    const requests = await suite.receiver.waitForRequests(3, 15_000);
    const gaps = requests.slice(1).map((r, i) => r.receivedAt - requests[i].receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(950);
    expect(gaps[0]).toBeLessThan(1450);
    expect(gaps[1]).toBeGreaterThanOrEqual(1450);
    expect(gaps[1]).toBeLessThan(3000);
    const delivery = await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
    expect(delivery.attemptLog[0].responseHeaders?.['retry-after']).toBe('1');
  });

  it('counts a timeout as a failed attempt and retries it', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/slow', endpoint: suite.receiver.url });
    suite.receiver.respondWith({ status: 200, delayMs: 2500 });
    const event = tagPushEvent('acme/slow');
    await suite.stack.appendEvents([event]);
    const delivery = await settledDelivery(suite.stack, webhook.id, event.id, 'succeeded');
    expect(delivery.attempts).toBe(2);
    expect(delivery.attemptLog[0]).toMatchObject({
      responseStatus: null,
      error: expect.stringMatching(/ETIMEDOUT/),
    });
    expect(delivery.attemptLog[0].durationMs).toBeGreaterThanOrEqual(900);
    expect(delivery.attemptLog[0].durationMs).toBeLessThan(2400);
  });

  it('stops at once on 410 Gone and deactivates the subscription', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/gone', endpoint: suite.receiver.url });
    suite.receiver.respondWith({ status: 410 });
    const event = tagPushEvent('acme/gone');
    await suite.stack.appendEvents([event]);
    const delivery = await settledDelivery(suite.stack, webhook.id, event.id, 'failed');
    expect(delivery).toMatchObject({ attempts: 1, lastResponseStatus: 410 });
    const listed = (await gatewayApi(suite.stack, '/api/v0/webhooks')).body.find(
      (w: { id: string }) => w.id === webhook.id,
    );
    expect(listed).toMatchObject({ inactive: true, inactiveReason: 'endpoint-gone' });

    await suite.stack.appendEvents([tagPushEvent('acme/gone')]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(suite.receiver.count).toBe(1);
    const redeliver = await gatewayApi(
      suite.stack,
      `/api/v0/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`,
      {
        method: 'POST',
      },
    );
    expect(redeliver.status).toBe(409);
    expect(redeliver.body.errors[0].code).toBe('WEBHOOK_INACTIVE');
  });

  it('retries connection errors, deactivates after a run of failed deliveries, resumes when re-enabled', async () => {
    const down = await startReceiver();
    const port = down.port;
    await down.close();
    const webhook = await createWebhook(suite.stack, {
      key: 'acme/down',
      endpoint: `http://127.0.0.1:${port}/hook`,
    });
    const first = tagPushEvent('acme/down');
    const second = tagPushEvent('acme/down');
    await suite.stack.appendEvents([first, second]);

    const failed = await settledDelivery(suite.stack, webhook.id, first.id, 'failed');
    expect(failed.attempts).toBe(4);
    for (const attempt of failed.attemptLog) expect(attempt.error).toMatch(/ECONNREFUSED/);
    await settledDelivery(suite.stack, webhook.id, second.id, 'failed');
    const [row] = await queryDatabase(
      suite.stack,
      'SELECT inactive, inactive_reason, consecutive_failures FROM subscriptions WHERE id = $1',
      [webhook.id],
    );
    expect(row).toEqual({ inactive: true, inactive_reason: 'failed-deliveries', consecutive_failures: 2 });

    // Inactive: a new event is not delivered even once the endpoint is back.
    const up = await startReceiver({ port });
    try {
      await suite.stack.appendEvents([tagPushEvent('acme/down')]);
      await new Promise((r) => setTimeout(r, 1000));
      expect(up.count).toBe(0);

      await reenableWebhook(suite.stack, webhook.id);
      // Dispatchers learn of the change asynchronously: keep pushing until one arrives.
      await eventually(async () => {
        await suite.stack.appendEvents([tagPushEvent('acme/down')]);
        await new Promise((r) => setTimeout(r, 500));
        return up.count > 0 ? true : undefined;
      });
      const [healthy] = await queryDatabase(
        suite.stack,
        'SELECT consecutive_failures FROM subscriptions WHERE id = $1',
        [webhook.id],
      );
      expect(healthy.consecutive_failures).toBe(0);
    } finally {
      await up.close();
    }
  });

  it('honours skipTLSVerification and a per-subscription tlsCert; fails without either', async () => {
    const certificate = selfSignedCertificate();
    const secure = await startReceiver({ https: certificate });
    try {
      const strict = await createWebhook(suite.stack, { key: 'acme/tls', endpoint: secure.url });
      const skipping = await createWebhook(suite.stack, {
        key: 'acme/tls',
        endpoint: secure.url,
        skipTLSVerification: true,
      });
      const pinned = await createWebhook(suite.stack, {
        key: 'acme/tls',
        endpoint: secure.url,
        tlsCert: certificate.cert,
      });
      const event = tagPushEvent('acme/tls');
      await suite.stack.appendEvents([event]);

      const requests = await secure.waitForRequests(2, 10_000);
      const ids = requests.map((r) => String(r.headers['webhook-id'])).sort();
      const expected = await Promise.all(
        [skipping, pinned].map(
          async (w) => (await settledDelivery(suite.stack, w.id, event.id, 'succeeded')).webhookMessageID,
        ),
      );
      expect(ids).toEqual(expected.sort());
      const refused = await settledDelivery(suite.stack, strict.id, event.id, 'failed');
      expect(refused.attemptLog).toHaveLength(4);
      expect(refused.attemptLog[0].error).toMatch(/certificate/i);
      expect(secure.count).toBe(2);
    } finally {
      await secure.close();
    }
  });

  it('limits deliveries in flight per endpoint without holding up other endpoints', async () => {
    const slow = await startReceiver({ defaultResponse: { status: 200, delayMs: 600 } });
    try {
      const slowHook = await createWebhook(suite.stack, { key: 'acme/crowded', endpoint: slow.url });
      await createWebhook(suite.stack, { key: 'acme/quiet', endpoint: suite.receiver.url });
      const crowd = Array.from({ length: 6 }, () => tagPushEvent('acme/crowded'));
      await suite.stack.appendEvents(crowd);
      await slow.waitForRequests(1, 10_000);
      const started = Date.now();
      await suite.stack.appendEvents([tagPushEvent('acme/quiet')]);
      await suite.receiver.waitForRequests(1, 5_000);
      expect(Date.now() - started).toBeLessThan(1000);

      const arrivals = (await slow.waitForRequests(6, 15_000)).map((r) => r.receivedAt).sort((a, b) => a - b);
      // At most 2 at a time: the third request can only start once the first answer (600 ms) came back.
      for (let i = 2; i < arrivals.length; i++)
        expect(arrivals[i] - arrivals[i - 2]).toBeGreaterThanOrEqual(550);
      // Waiting for a slot is not an attempt.
      const logged = await eventually(async () => {
        const all = await deliveriesOf(suite.stack, slowHook.id, '?status=succeeded');
        return all.length === 6 ? all : undefined;
      });
      expect(logged.map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await slow.close();
    }
  });

  it('fails a payload above DELIVERY_MAX_BODY_BYTES at once without sending it', async () => {
    const webhook = await createWebhook(suite.stack, { key: 'acme/huge', endpoint: suite.receiver.url });
    const event = tagPushEvent('acme/huge');
    event.contents = { ...event.contents, imageName: 'x'.repeat(5000) };
    await suite.stack.appendEvents([event]);
    const delivery = await settledDelivery(suite.stack, webhook.id, event.id, 'failed');
    expect(delivery.attempts).toBe(1);
    expect(delivery.attemptLog[0].error).toMatch(/exceeds DELIVERY_MAX_BODY_BYTES \(4096\)/);
    expect(suite.receiver.count).toBe(0);
  });
});
