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
});
