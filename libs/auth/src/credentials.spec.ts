import { parseCredentials } from './credentials';
import { generateToken, hashToken } from './tokens';

describe('parseCredentials', () => {
  it('reads DTR Basic user:token', () => {
    const header = `Basic ${Buffer.from('alice:s3cr:et').toString('base64')}`;
    expect(parseCredentials(header)).toEqual({ scheme: 'basic', username: 'alice', token: 's3cr:et' });
  });

  it('reads Bearer and Token schemes case-insensitively', () => {
    expect(parseCredentials('Bearer abc')).toEqual({ scheme: 'bearer', token: 'abc' });
    expect(parseCredentials('token abc')).toEqual({ scheme: 'token', token: 'abc' });
  });

  it('rejects missing, unknown and malformed credentials', () => {
    expect(parseCredentials(undefined)).toBeNull();
    expect(parseCredentials('Digest abc')).toBeNull();
    expect(parseCredentials(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
    expect(parseCredentials(`Basic ${Buffer.from('alice:').toString('base64')}`)).toBeNull();
  });
});

describe('tokens', () => {
  it('are random and hash stably', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(token);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
