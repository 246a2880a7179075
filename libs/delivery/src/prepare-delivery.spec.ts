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
});
