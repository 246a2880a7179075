import { webhookIdFor } from '@hookyard/delivery';
import {
  createWebhook,
  eventually,
  gatewayApi,
  queryDatabase,
  RecordedRequest,
  ScriptedResponse,
  suiteStackWithReceiver,
  tagPushEvent,
} from '@hookyard/testing';

/** Ordered delivery and the per-subscription rate limit, from the DTR API to the receiver. */
describe('delivery pacing (e2e)', () => {
  const suite = suiteStackWithReceiver({
    // Short retries, several attempts: a delivery that fails once always gets through.
    env: { DELIVERY_RETRY_SCHEDULE: '100ms,200ms,300ms,400ms' },
  });

  const at = (path: string) => `${suite.receiver.origin}${path}`;
  /** The delivery log's rows of a webhook (the API pages them). */
  const loggedOf = async (webhookId: string) =>
    (await queryDatabase(suite.stack, 'SELECT status, attempts FROM deliveries WHERE subscription_id = $1', [
      webhookId,
    ])) as Array<{ status: string; attempts: number }>;
  const sentTo = (path: string) => suite.receiver.requests.filter((request) => request.path === path);

  it('shows ordered and rateLimit only when set, and refuses bad values naming the field', async () => {
    const plain = await gatewayApi(suite.stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'TAG_PUSH', key: 'acme/plain', endpoint: at('/plain') },
    });
    expect(plain.body).not.toHaveProperty('ordered');
    expect(plain.body).not.toHaveProperty('rateLimit');
    const paced = await gatewayApi(suite.stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'TAG_PUSH', key: 'acme/plain', endpoint: at('/plain'), ordered: true, rateLimit: 5 },
    });
    expect(paced.status).toBe(201);
    expect(paced.body).toMatchObject({ ordered: true, rateLimit: 5 });
    const update = await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: paced.body.id, ordered: false, rateLimit: 0 },
    });
    expect(update.status).toBe(200);
    expect(update.body).not.toHaveProperty('ordered');
    expect(update.body).not.toHaveProperty('rateLimit');
    for (const [field, value] of [
      ['ordered', 'yes'],
      ['rateLimit', 10_001],
      ['rateLimit', 2.5],
      ['rateLimit', '20'],
    ] as const) {
      const refused = await gatewayApi(suite.stack, '/api/v0/webhooks', {
        method: 'POST',
        body: { type: 'TAG_PUSH', key: 'acme/plain', endpoint: at('/plain'), [field]: value },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].message).toMatch(new RegExp(`^${field} must be`));
    }
  });

  it('documents both options in OpenAPI, on create, update and the answers', async () => {
    const { schemas } = (await gatewayApi(suite.stack, '/api/docs-json')).body.components;
    for (const schema of ['CreateWebhookDto', 'UpdateWebhookDto', 'WebhookResponse', 'UpdateAlaudaHookDto']) {
      expect(Object.keys(schemas[schema].properties)).toEqual(
        expect.arrayContaining(['ordered', schema.includes('Alauda') ? 'rate_limit' : 'rateLimit']),
      );
    }
    expect(schemas.CreateWebhookDto.properties.rateLimit).toMatchObject({ type: 'integer', maximum: 10_000 });
  });

  it('is offered by Quay (in config) and Alauda (ordered, rate_limit), shown back and checked in their names', async () => {
    const hook = (body: object) =>
      gatewayApi(suite.stack, '/v1/hooks', {
        method: 'POST',
        auth: `Token ${suite.stack.adminToken}`,
        body: {
          subject_type: 'image_repo',
          subject: 'acme/paced-alauda',
          events: ['image:push'],
          secret: 'raw-paced',
          url: at('/paced-alauda'),
          name: 'p',
          ...body,
        },
      });
    const alauda = await hook({ ordered: true, rate_limit: 7 });
    expect(alauda.status).toBe(201);
    expect(alauda.body).toMatchObject({ ordered: true, rate_limit: 7 });
    const badAlauda = await hook({ rate_limit: 0.5 });
    expect(badAlauda.status).toBe(400);
    expect(JSON.stringify(badAlauda.body)).toContain('rate_limit must be an integer from 1 to 10000');

    const notification = (config: object) =>
      gatewayApi(suite.stack, '/api/v1/repository/acme/paced-quay/notification/', {
        method: 'POST',
        auth: `Bearer ${suite.stack.adminToken}`,
        body: {
          event: 'repo_push',
          method: 'webhook',
          config: { url: at('/paced-quay'), ...config },
          eventConfig: {},
        },
      });
    const quay = await notification({ ordered: true, rateLimit: 3 });
    expect(quay.body).toMatchObject({ config: { url: at('/paced-quay'), ordered: true, rateLimit: 3 } });
    const badQuay = await notification({ ordered: 'true' });
    expect(badQuay.status).toBe(400);
    expect(badQuay.body.error_message).toBe('config.ordered must be true or false');
  });

  it('delivers 200 events to an ordered webhook in event order while its receiver fails some attempts', async () => {
    const webhook = await createWebhook(suite.stack, {
      key: 'acme/ordered',
      endpoint: at('/ordered'),
      ordered: true,
    });
    // Every 7th request fails (a retry is a request too, so no delivery fails twice in a row).
    const responses: ScriptedResponse[] = Array.from({ length: 260 }, (_, i) => ({
      status: (i + 1) % 7 === 0 ? 500 : 200,
    }));
    suite.receiver.respondWith(...responses);
    const events = Array.from({ length: 200 }, () => tagPushEvent('acme/ordered'));
    const place = new Map(events.map((event, i) => [webhookIdFor(event.id, webhook.id), i]));
    // In several appends, as registries send them.
    for (let from = 0; from < events.length; from += 50)
      await suite.stack.appendEvents(events.slice(from, from + 50));

    const delivered = (requests: RecordedRequest[]) => requests.filter((request) => request.response.ended);
    await eventually(async () => {
      const requests = sentTo('/ordered');
      const failed = requests.filter((_, i) => (i + 1) % 7 === 0).length;
      return requests.length >= events.length + failed ? true : undefined;
    }, 120_000);
    const places = delivered(sentTo('/ordered')).map((request) =>
      place.get(String(request.headers['webhook-id'])),
    );
    // Each request is of the delivery in progress or of the next: a retry repeats its place, nothing overtakes.
    for (let i = 1; i < places.length; i++) expect([places[i - 1], places[i - 1]! + 1]).toContain(places[i]);
    expect(places[0]).toBe(0);
    expect(places.at(-1)).toBe(events.length - 1);
    const logged = await eventually(async () => {
      const rows = await loggedOf(webhook.id);
      return rows.length === events.length && rows.every((row) => row.status === 'succeeded')
        ? rows
        : undefined;
    }, 30_000);
    expect(logged.filter((row) => row.attempts === 2)).toHaveLength(places.length - events.length);
  });

  it('never starts more deliveries of a rate-limited webhook than its rate in a second; those waiting use no attempt', async () => {
    const rate = 20;
    const webhook = await createWebhook(suite.stack, {
      key: 'acme/rated',
      endpoint: at('/rated'),
      rateLimit: rate,
    });
    const events = Array.from({ length: 100 }, () => tagPushEvent('acme/rated'));
    await suite.stack.appendEvents(events);
    await eventually(async () => (sentTo('/rated').length >= events.length ? true : undefined), 60_000);
    const arrivals = sentTo('/rated')
      .map((request) => request.receivedAt)
      .sort((a, b) => a - b);
    expect(arrivals).toHaveLength(events.length);
    // The limit holds for the starts of deliveries (Redis's clock); between a start and its arrival
    // here each delivery takes a varying time (up to this allowance on a loaded machine).
    const allowanceMs = 250;
    for (let i = 0; i + rate < arrivals.length; i++) {
      expect(arrivals[i + rate] - arrivals[i]).toBeGreaterThanOrEqual(1000 - allowanceMs);
    }
    const logged = await eventually(async () => {
      const rows = await loggedOf(webhook.id);
      return rows.filter((row) => row.status === 'succeeded').length === events.length ? rows : undefined;
    }, 30_000);
    // Waiting for the rate is not an attempt.
    expect(logged.every((row) => row.attempts === 1)).toBe(true);
  });
});
