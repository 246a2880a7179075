import {
  ALL_APPS,
  createWebhook,
  eventually,
  exampleEvent,
  gatewayApi,
  queryDatabase,
  RecordedRequest,
  settledDelivery,
  suiteStackWithReceiver,
  tagPushEvent,
  verifySignature,
} from '@hookyard/testing';
import { CloudEvent, HTTP } from 'cloudevents';
import { randomBytes } from 'node:crypto';

/** Secret rotation, static headers and CloudEvents payloads, from the APIs to the receiver. */
describe('delivery options (e2e)', () => {
  const encryptionKey = randomBytes(32).toString('base64');

  const suite = suiteStackWithReceiver({ env: { SECRETS_ENCRYPTION_KEY: encryptionKey } });

  const at = (path: string) => `${suite.receiver.origin}${path}`;
  /** Generous: on a loaded machine a stack's first deliveries take a while. */
  const arrival = (path: string) => suite.receiver.waitForRequest((request) => request.path === path, 30_000);
  const verifies = (secret: string, request: RecordedRequest, format?: 'raw') => {
    try {
      verifySignature(secret, request, format);
      return true;
    } catch {
      return false;
    }
  };

  describe('secret rotation', () => {
    it('signs with both secrets until the previous one expires, then with the new one only', async () => {
      const webhook = await createWebhook(suite.stack, { key: 'acme/rotate', endpoint: at('/rotate') });
      const rotate = (expireAfter: string) =>
        gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/secret/rotate`, {
          method: 'POST',
          body: { expireAfter },
        });
      const first = await rotate('1h');
      expect(first.status).toBe(200);
      expect(first.body.secret).toMatch(/^whsec_/);
      expect(first.body.secret).not.toBe(webhook.secret);
      expect(Date.parse(first.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3_500_000);
      expect((await gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/secret`)).body).toEqual({
        id: webhook.id,
        secret: first.body.secret,
        previousSecretExpiresAt: first.body.previousSecretExpiresAt,
      });

      await suite.stack.appendEvents([tagPushEvent('acme/rotate')]);
      const during = await arrival('/rotate');
      // One delivery, a signature for each secret: receivers verify with either.
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifySignature(webhook.secret, during)).toMatchObject({ type: 'TAG_PUSH' });
      expect(verifySignature(first.body.secret, during)).toMatchObject({ type: 'TAG_PUSH' });

      // Rotating again keeps only the secret just replaced, here for 2 s; once they are over, only the newest signs.
      const second = await rotate('2s');
      const expiresAt = Date.parse(second.body.previousSecretExpiresAt);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 100)));
      suite.receiver.reset();
      await suite.stack.appendEvents([tagPushEvent('acme/rotate')]);
      const after = await arrival('/rotate');
      expect(verifySignature(second.body.secret, after)).toMatchObject({ type: 'TAG_PUSH' });
      expect(verifies(first.body.secret, after)).toBe(false);
      expect(verifies(webhook.secret, after)).toBe(false);
      expect((await gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/secret`)).body).toEqual({
        id: webhook.id,
        secret: second.body.secret,
      });
    });

    it('keeps the previous secret 24 h without a body, ends it at once with 0s, and refuses bad lifetimes', async () => {
      const webhook = await createWebhook(suite.stack, { key: 'acme/rotate-more', endpoint: at('/more') });
      const path = `/api/v0/webhooks/${webhook.id}/secret/rotate`;
      const bare = await fetch(`${suite.stack.url('gateway')}${path}`, {
        method: 'POST',
        headers: { authorization: suite.stack.adminAuth },
      });
      expect(bare.status).toBe(200);
      const day = Date.parse(
        ((await bare.json()) as { previousSecretExpiresAt: string }).previousSecretExpiresAt,
      );
      expect(Math.abs(day - Date.now() - 86_400_000)).toBeLessThan(60_000);

      const immediate = await gatewayApi(suite.stack, path, { method: 'POST', body: { expireAfter: '0s' } });
      expect(immediate.status).toBe(200);
      expect((await gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/secret`)).body).toEqual({
        id: webhook.id,
        secret: immediate.body.secret,
      });
      await suite.stack.appendEvents([tagPushEvent('acme/rotate-more')]);
      const request = await arrival('/more');
      expect(String(request.headers['webhook-signature'])).not.toContain(' ');
      expect(verifySignature(immediate.body.secret, request)).toMatchObject({ type: 'TAG_PUSH' });

      for (const expireAfter of ['8d', 'soon', '24', 5]) {
        const refused = await gatewayApi(suite.stack, path, { method: 'POST', body: { expireAfter } });
        expect(refused.status).toBe(400);
        expect(refused.body.errors[0].message).toMatch(/expireAfter must be/);
      }
      const text = await fetch(`${suite.stack.url('gateway')}${path}`, {
        method: 'POST',
        headers: { authorization: suite.stack.adminAuth, 'content-type': 'text/plain' },
        body: 'expireAfter=1s',
      });
      expect(text.status).toBe(415);
      expect((await gatewayApi(suite.stack, `/api/v0/webhooks/${webhook.id}/secret`)).body.secret).toBe(
        immediate.body.secret,
      );
      expect(
        (
          await gatewayApi(suite.stack, `/api/v0/webhooks/${'0'.repeat(64)}/secret/rotate`, {
            method: 'POST',
          })
        ).status,
      ).toBe(404);
    });

    it("rotates an Alauda hook's raw secret to one given, both verifying meanwhile", async () => {
      const token = `Token ${suite.stack.adminToken}`;
      const created = await gatewayApi(suite.stack, '/v1/hooks', {
        method: 'POST',
        auth: token,
        body: {
          subject_type: 'image_repo',
          subject: 'acme/alauda-rotate',
          events: ['image:push'],
          secret: 'old-raw-secret',
          url: at('/alauda'),
          name: 'rotating',
        },
      });
      const rotated = await gatewayApi(suite.stack, `/v1/hooks/${created.body.id}/secret/rotate`, {
        method: 'POST',
        auth: token,
        body: { secret: 'new-raw-secret', expire_after: '1h' },
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({
        secret: 'new-raw-secret',
        previous_secret_expires_at: expect.any(String),
      });
      expect(
        (await gatewayApi(suite.stack, `/v1/hooks/${created.body.id}`, { auth: token })).body.secret,
      ).toBe('new-raw-secret');
      await suite.stack.appendEvents([tagPushEvent('acme/alauda-rotate')]);
      const request = await arrival('/alauda');
      expect(verifies('old-raw-secret', request, 'raw')).toBe(true);
      expect(verifies('new-raw-secret', request, 'raw')).toBe(true);
      const whsec = await gatewayApi(suite.stack, `/v1/hooks/${created.body.id}/secret/rotate`, {
        method: 'POST',
        auth: token,
        body: { secret: 'whsec_abc' },
      });
      expect(whsec.status).toBe(400);
    });
  });

  describe('static headers', () => {
    const token = `Bearer e2e-${randomBytes(12).toString('hex')}`;

    it('arrive with every delivery, are masked in every answer and the delivery log, and are never logged', async () => {
      const created = await gatewayApi(suite.stack, '/api/v0/webhooks', {
        method: 'POST',
        body: {
          type: 'TAG_PUSH',
          key: 'acme/headers',
          endpoint: at('/headers'),
          headers: { Authorization: token, 'X-Team': 'ci' },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.headers).toEqual({ Authorization: '***', 'X-Team': '***' });
      const event = tagPushEvent('acme/headers');
      await suite.stack.appendEvents([event]);
      const request = await arrival('/headers');
      expect(request.headers.authorization).toBe(token);
      expect(request.headers['x-team']).toBe('ci');
      expect(verifySignature(created.body.secret, request)).toMatchObject({ type: 'TAG_PUSH' });

      const delivery = await settledDelivery(suite.stack, created.body.id, event.id, 'succeeded');
      expect(delivery.attemptLog[0].requestHeaders).toMatchObject({ Authorization: '***', 'X-Team': '***' });
      const listed = (await gatewayApi(suite.stack, '/api/v0/webhooks')).body.find(
        (webhook: { id: string }) => webhook.id === created.body.id,
      );
      expect(listed.headers).toEqual({ Authorization: '***', 'X-Team': '***' });

      // A listing sent back unchanged keeps the values; {} removes them.
      const kept = await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
        method: 'POST',
        body: { webhookID: created.body.id, headers: { Authorization: '***', 'X-Other': 'new' } },
      });
      expect(kept.body.headers).toEqual({ Authorization: '***', 'X-Other': '***' });
      suite.receiver.reset();
      await suite.stack.appendEvents([tagPushEvent('acme/headers')]);
      const again = await arrival('/headers');
      expect(again.headers).toMatchObject({ authorization: token, 'x-other': 'new' });
      expect(again.headers['x-team']).toBeUndefined();

      // Stored encrypted: the database holds the names, not the values.
      const [row] = await queryDatabase(
        suite.stack,
        `SELECT options::text AS options FROM subscriptions WHERE id = $1`,
        [created.body.id],
      );
      expect(row.options).toContain('Authorization');
      expect(row.options).not.toContain(token.slice(7));
      for (const app of ALL_APPS) expect(suite.stack.logs(app)).not.toContain(token.slice(7));

      const removed = await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
        method: 'POST',
        body: { webhookID: created.body.id, headers: {} },
      });
      expect(removed.body).not.toHaveProperty('headers');
    });

    it('are offered by Quay (config.headers, its test too) and Alauda, masked in their shapes', async () => {
      const quay = await gatewayApi(suite.stack, '/api/v1/repository/acme/quay-headers/notification/', {
        method: 'POST',
        auth: `Bearer ${suite.stack.adminToken}`,
        body: {
          event: 'repo_push',
          method: 'webhook',
          config: { url: at('/quay'), headers: { Authorization: token } },
          eventConfig: {},
        },
      });
      expect(quay.status).toBe(201);
      expect(quay.body.config).toEqual({ url: at('/quay'), headers: { Authorization: '***' } });
      const tested = await gatewayApi(
        suite.stack,
        `/api/v1/repository/acme/quay-headers/notification/${quay.body.uuid}/test`,
        { method: 'POST', auth: `Bearer ${suite.stack.adminToken}` },
      );
      expect(tested.status).toBe(200);
      expect((await arrival('/quay')).headers.authorization).toBe(token);

      const alauda = await gatewayApi(suite.stack, '/v1/hooks', {
        method: 'POST',
        auth: `Token ${suite.stack.adminToken}`,
        body: {
          subject_type: 'image_repo',
          subject: 'acme/alauda-headers',
          events: ['image:push'],
          secret: 'raw',
          url: at('/alauda-headers'),
          name: 'h',
          headers: { 'X-Api-Key': 'k-123' },
        },
      });
      expect(alauda.body.headers).toEqual({ 'X-Api-Key': '***' });
      await suite.stack.appendEvents([tagPushEvent('acme/alauda-headers')]);
      expect((await arrival('/alauda-headers')).headers['x-api-key']).toBe('k-123');
    });

    it('refuses forbidden or malformed headers with a 400 naming them, and writes nothing', async () => {
      const before = (await gatewayApi(suite.stack, '/api/v0/webhooks')).body.length;
      for (const [headers, message] of [
        [{ Host: 'evil.example' }, /headers may not set Host/],
        [
          { 'webhook-signature': 'v1,x', 'Content-Length': '0' },
          /headers may not set webhook-signature, Content-Length/,
        ],
        [{ 'X-A': 'a\r\nInjected: 1' }, /headers X-A must have a text value without line breaks/],
        [{ 'X-A': '***' }, /X-A is \*\*\* but has no stored value/],
        ['Authorization: x', /headers must be an object/],
      ] as const) {
        const answer = await gatewayApi(suite.stack, '/api/v0/webhooks', {
          method: 'POST',
          body: { type: 'TAG_PUSH', key: 'acme/refused', endpoint: at('/never'), headers },
        });
        expect(answer.status).toBe(400);
        expect(answer.body.errors[0].message).toMatch(message);
        expect(answer.body.errors[0].detail.fields).toEqual(['headers']);
      }
      expect((await gatewayApi(suite.stack, '/api/v0/webhooks')).body.length).toBe(before);
    });

    it('need the key: a worker without SECRETS_ENCRYPTION_KEY refuses to start while headers are stored', async () => {
      await createWebhook(suite.stack, {
        key: 'acme/keyed',
        endpoint: at('/keyed'),
        headers: { 'X-Key': 'k' },
      });
      await suite.stack.stopApp('worker');
      // The exit may come before its last log lines reach the file: the reason is read from the log.
      const refusal = async (key: string, reason: RegExp) => {
        await expect(suite.stack.start('worker', { SECRETS_ENCRYPTION_KEY: key })).rejects.toThrow(
          /exited with 1/,
        );
        await eventually(async () => (reason.test(suite.stack.logs('worker')) ? true : undefined));
      };
      try {
        await refusal('', /SECRETS_ENCRYPTION_KEY is not set, but \d+ subscription\(s\) have static headers/);
        await refusal(randomBytes(32).toString('hex'), /sealed under another SECRETS_ENCRYPTION_KEY/);
      } finally {
        await suite.stack.start('worker');
      }
    });
  });

  describe('CloudEvents', () => {
    it('delivers a structured CloudEvent the SDK parses, signed like any payload', async () => {
      const webhook = await createWebhook(suite.stack, {
        key: 'acme/cloud',
        endpoint: at('/cloud'),
        payloadFormat: 'cloudevents',
      });
      const event = exampleEvent('TAG_PUSH', 'acme/cloud', { tag: 'v1' });
      await suite.stack.appendEvents([event]);
      const request = await arrival('/cloud');
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      const parsed = HTTP.toEvent({ headers: request.headers, body: request.body }) as CloudEvent<object>;
      expect(parsed.validate()).toBe(true);
      expect(parsed).toMatchObject({
        specversion: '1.0',
        id: event.id,
        source: '/e2e/acme/cloud',
        type: 'com.hookyard.tag.push',
        subject: 'v1',
        time: event.occurredAt,
        data: event.contents,
      });
      expect(verifySignature(webhook.secret, request)).toMatchObject({ id: event.id });
    });

    it("is what DTR's test send delivers when asked for, with the static headers given", async () => {
      const tested = await gatewayApi(suite.stack, '/api/v0/webhooks/test', {
        method: 'POST',
        body: {
          type: 'TAG_PUSH',
          endpoint: at('/tested'),
          payloadFormat: 'cloudevents',
          headers: { Authorization: 'Bearer test-only' },
        },
      });
      expect(tested.body).toMatchObject({ delivered: true, statusCode: 200 });
      const request = await arrival('/tested');
      expect(request.headers.authorization).toBe('Bearer test-only');
      expect(verifySignature(tested.body.secret, request)).toMatchObject({ type: 'com.hookyard.tag.push' });
      const refused = await gatewayApi(suite.stack, '/api/v0/webhooks/test', {
        method: 'POST',
        body: { type: 'TAG_PUSH', endpoint: at('/never'), headers: { Host: 'x' } },
      });
      expect(refused.status).toBe(400);
    });

    it('is offered by Quay and Alauda, shown as their payload format, and refused for Slack', async () => {
      const alauda = await gatewayApi(suite.stack, '/v1/hooks', {
        method: 'POST',
        auth: `Token ${suite.stack.adminToken}`,
        body: {
          subject_type: 'image_repo',
          subject: 'acme/cloud-alauda',
          events: ['image:push'],
          secret: 'raw-cloud',
          url: at('/cloud-alauda'),
          name: 'c',
          payload_format: 'cloudevents',
        },
      });
      expect(alauda.body.payload_format).toBe('cloudevents');
      await suite.stack.appendEvents([tagPushEvent('acme/cloud-alauda')]);
      const request = await arrival('/cloud-alauda');
      expect((HTTP.toEvent({ headers: request.headers, body: request.body }) as CloudEvent).type).toBe(
        'com.hookyard.tag.push',
      );
      expect(verifySignature('raw-cloud', request, 'raw')).toMatchObject({ specversion: '1.0' });
      const back = await gatewayApi(suite.stack, `/v1/hooks/${alauda.body.id}`, {
        method: 'PUT',
        auth: `Token ${suite.stack.adminToken}`,
        body: { payload_format: 'alauda' },
      });
      expect(back.body).not.toHaveProperty('payload_format');

      const notification = (method: string, config: object = {}) =>
        gatewayApi(suite.stack, '/api/v1/repository/acme/cloud-quay/notification/', {
          method: 'POST',
          auth: `Bearer ${suite.stack.adminToken}`,
          body: {
            event: 'repo_push',
            method,
            config: { url: at('/cloud-quay'), payloadFormat: 'cloudevents', ...config },
            eventConfig: {},
          },
        });
      const webhook = await notification('webhook');
      expect(webhook.body).toMatchObject({ config: { payloadFormat: 'cloudevents' } });
      await suite.stack.appendEvents([tagPushEvent('acme/cloud-quay')]);
      const quayed = await arrival('/cloud-quay');
      expect((HTTP.toEvent({ headers: quayed.headers, body: quayed.body }) as CloudEvent).type).toBe(
        'com.hookyard.tag.push',
      );
      for (const refused of [
        await notification('slack'),
        await notification('webhook', { template: '{}' }),
      ]) {
        expect(refused.status).toBe(400);
        expect(refused.body.error_message).toMatch(
          /config\.payloadFormat cloudevents replaces Quay's event data: it applies to the webhook method without a template/,
        );
      }
      const unknown = await gatewayApi(suite.stack, '/api/v0/webhooks', {
        method: 'POST',
        body: { type: 'TAG_PUSH', key: 'acme/cloud', endpoint: at('/never'), payloadFormat: 'xml' },
      });
      expect(unknown.body.errors[0].message).toBe('payloadFormat must be dtr or cloudevents');
    });
  });
});
