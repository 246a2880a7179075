import { tagPushEvent } from '@hookyard/testing';
import { Webhook } from 'standardwebhooks';
import { DELIVERY_USER_AGENT, prepareDelivery } from './prepare-delivery';
import { generateSigningSecret } from './signing/signing-secret';

const event = tagPushEvent('acme/api');

describe('prepareDelivery', () => {
  it("renders the target's API shape, signs it under the webhook id, and sends it to the endpoint", () => {
    const secret = generateSigningSecret();
    const request = prepareDelivery(
      { api: 'dtr', apiFields: {}, endpoint: 'https://hooks.example/in', secret, tlsCert: '' },
      event,
      'msg_1',
      5000,
    );
    expect(request).toMatchObject({
      url: 'https://hooks.example/in',
      timeoutMs: 5000,
      tlsCa: undefined,
      headers: {
        'content-type': 'application/json',
        'user-agent': DELIVERY_USER_AGENT,
        'webhook-id': 'msg_1',
      },
    });
    expect(request.loggedHeaders).toBe(request.headers);
    expect(new Webhook(secret).verify(request.body, request.headers)).toEqual({
      type: 'TAG_PUSH',
      createdAt: event.occurredAt,
      contents: event.contents,
    });
  });

  it("passes the endpoint's TLS trust on, and signs with an Alauda hook's raw secret", () => {
    const request = prepareDelivery(
      {
        api: 'alauda',
        apiFields: {
          id: 7,
          name: 'push hook',
          subject_type: 'image_repo',
          subject: 'acme/api',
          events: ['image:push'],
          created_by: 'admin',
          updated_at: '2026-11-23T06:00:00.000Z',
        },
        endpoint: 'https://hooks.example/alauda',
        secret: '123456',
        tlsCert: '-----BEGIN CERTIFICATE-----',
        skipTlsVerification: true,
      },
      event,
      'msg_2',
      1000,
    );
    expect(request).toMatchObject({ tlsCa: '-----BEGIN CERTIFICATE-----', skipTlsVerification: true });
    expect(new Webhook('123456', { format: 'raw' }).verify(request.body, request.headers)).toMatchObject({
      hook_id: 7,
      event: 'image:push',
    });
  });

  it('signs with the previous secret too until it expires', () => {
    const secret = generateSigningSecret();
    const previousSecret = generateSigningSecret();
    const target = {
      api: 'dtr' as const,
      apiFields: {},
      endpoint: 'https://hooks.example/in',
      secret,
      previousSecret,
    };
    const during = prepareDelivery(
      { ...target, previousSecretExpiresAt: new Date(Date.now() + 60_000) },
      event,
      'msg_3',
      1000,
    );
    expect(new Webhook(previousSecret).verify(during.body, during.headers)).toMatchObject({
      type: 'TAG_PUSH',
    });
    expect(new Webhook(secret).verify(during.body, during.headers)).toMatchObject({ type: 'TAG_PUSH' });
    const after = prepareDelivery(
      { ...target, previousSecretExpiresAt: new Date(Date.now() - 1) },
      event,
      'msg_3',
      1000,
    );
    expect(after.headers['webhook-signature']).not.toContain(' ');
    expect(() => new Webhook(previousSecret).verify(after.body, after.headers)).toThrow();
    expect(new Webhook(secret).verify(after.body, after.headers)).toMatchObject({ type: 'TAG_PUSH' });
  });

  it('sends static headers, which the delivery log sees masked, and never in place of its own', () => {
    const request = prepareDelivery(
      {
        api: 'dtr',
        apiFields: {},
        endpoint: 'https://hooks.example/in',
        secret: generateSigningSecret(),
        staticHeaders: { Authorization: 'Bearer s3cr3t' },
      },
      event,
      'msg_4',
      1000,
    );
    expect(request.headers).toMatchObject({
      Authorization: 'Bearer s3cr3t',
      'content-type': 'application/json',
    });
    expect(request.loggedHeaders).toMatchObject({ Authorization: '***', 'webhook-id': 'msg_4' });
    expect(JSON.stringify(request.loggedHeaders)).not.toContain('s3cr3t');
  });

  it('sends a CloudEvent as application/cloudevents+json, signed like any payload', () => {
    const secret = generateSigningSecret();
    const request = prepareDelivery(
      {
        api: 'dtr',
        apiFields: {},
        endpoint: 'https://hooks.example/in',
        secret,
        options: { payloadFormat: 'cloudevents' },
      },
      event,
      'msg_5',
      1000,
    );
    expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({
      specversion: '1.0',
      id: event.id,
      type: 'com.hookyard.tag.push',
    });
  });
});
