import { maskedHeaders, StaticHeadersError, validateStaticHeaders } from './static-headers';

describe('validateStaticHeaders', () => {
  it('takes a few name/value pairs, names as given', () => {
    expect(validateStaticHeaders({ Authorization: 'Bearer abc.def', 'X-Team': 'ci tools' })).toEqual({
      Authorization: 'Bearer abc.def',
      'X-Team': 'ci tools',
    });
    expect(validateStaticHeaders({})).toEqual({});
  });

  it.each([
    [{ Host: 'evil.example' }, /may not set Host/],
    [{ 'Content-Length': '1', 'webhook-signature': 'v1,x' }, /may not set Content-Length, webhook-signature/],
    [{ 'Webhook-Id': 'x' }, /may not set Webhook-Id/],
    [{ 'ce-type': 'x' }, /may not set ce-type/],
    [{ 'Transfer-Encoding': 'chunked' }, /may not set Transfer-Encoding/],
    [{ 'User-Agent': 'me' }, /may not set User-Agent/],
    [{ 'Proxy-Authorization': 'x' }, /may not set Proxy-Authorization/],
    [{ 'bad name': 'x' }, /"bad name" is not a header name/],
    [{ 'X-A': 'one', 'x-a': 'two' }, /names x-a twice/],
    [{ 'X-A': 'line\r\nInjected: yes' }, /X-A must have a text value without line breaks/],
    [{ 'X-A': '' }, /X-A must have a text value/],
    [{ 'X-A': 42 }, /X-A must have a text value/],
    [{ 'X-A': 'v'.repeat(2049) }, /at most 2048 characters/],
    [Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-${i}`, 'v'])), /at most 10 headers/],
    [['Authorization', 'x'], /must be an object/],
    ['Authorization: x', /must be an object/],
  ])('refuses %j', (input, message) => {
    expect(() => validateStaticHeaders(input)).toThrow(StaticHeadersError);
    expect(() => validateStaticHeaders(input)).toThrow(message);
  });

  it('never puts a value in its message', () => {
    const secret = 'Bearer s3cr3t-value';
    for (const input of [{ Host: secret }, { 'X-A': `${secret}\n` }, { 'X-A': secret, 'x-a': secret }]) {
      expect(() => validateStaticHeaders(input)).toThrow(StaticHeadersError);
      try {
        validateStaticHeaders(input);
      } catch (error) {
        expect((error as Error).message).not.toContain('s3cr3t');
      }
    }
  });

  it('masks every value', () => {
    expect(maskedHeaders(['Authorization', 'X-Team'])).toEqual({ Authorization: '***', 'X-Team': '***' });
  });
});
