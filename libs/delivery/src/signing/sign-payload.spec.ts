import { Webhook } from 'standardwebhooks';
import { signPayload } from './sign-payload';
import { generateSigningSecret } from './signing-secret';

describe('signPayload', () => {
  it('produces headers the standardwebhooks library verifies', () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ type: 'TAG_PUSH', contents: {} });
    const headers = signPayload(secret, 'msg_1', body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSigningSecret()).verify(body, { ...headers })).toThrow();
  });

  it('signs with a raw secret (Alauda) verifiable as raw bytes', () => {
    const body = '{"a":1}';
    const headers = signPayload('my-alauda-secret', 'msg_2', body);
    expect(new Webhook('my-alauda-secret', { format: 'raw' }).verify(body, { ...headers })).toEqual({ a: 1 });
  });

  it('signs exactly as the standardwebhooks library does, non-ASCII bodies and both secret formats', () => {
    const at = new Date('2026-11-23T12:00:00Z');
    const body = JSON.stringify({ repository: 'acme/api', note: 'déploiement ✓ 🚀' });
    const standard = generateSigningSecret();
    expect(signPayload(standard, 'msg_3', body, at)['webhook-signature']).toBe(
      new Webhook(standard).sign('msg_3', at, body),
    );
    expect(signPayload('raw-sécret', 'msg_4', body, at)['webhook-signature']).toBe(
      new Webhook('raw-sécret', { format: 'raw' }).sign('msg_4', at, body),
    );
  });

  it("adds the previous secret's signature during a rotation: each secret verifies on its own", () => {
    const body = '{"type":"TAG_PUSH"}';
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const headers = signPayload(current, 'msg_5', body, new Date(), previous);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ type: 'TAG_PUSH' });
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ type: 'TAG_PUSH' });
    expect(() => new Webhook(generateSigningSecret()).verify(body, { ...headers })).toThrow();
    // Alauda's raw secrets rotate the same way.
    const raw = signPayload('new-raw', 'msg_6', body, new Date(), 'old-raw');
    expect(new Webhook('old-raw', { format: 'raw' }).verify(body, { ...raw })).toEqual({ type: 'TAG_PUSH' });
    expect(new Webhook('new-raw', { format: 'raw' }).verify(body, { ...raw })).toEqual({ type: 'TAG_PUSH' });
  });
});
