import { bcryptHash, htpasswdLine } from './bcrypt';

describe('bcryptHash', () => {
  // Reference values from OpenBSD's test vectors and from libxcrypt's crypt(3).
  it.each([
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.', '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    [
      'pässwörd',
      '$2b$04$abcdefghijklmnopqrstuu',
      '$2b$04$abcdefghijklmnopqrstuuyx2n0Zzopyr9QuYTMCfOJJOj526QVoC',
    ],
    [
      'x'.repeat(80),
      '$2b$05$abcdefghijklmnopqrstuu',
      '$2b$05$abcdefghijklmnopqrstuujf8SX2ahXLwp9w/B.Y5XdysS6yR576q',
    ],
  ])('hashes %j like crypt(3)', (password, setting, expected) => {
    const [, , cost, salt] = setting.split('$');
    expect(bcryptHash(password, { cost: Number(cost), salt })).toBe(expected);
  });

  it('salts randomly and writes htpasswd lines', () => {
    expect(bcryptHash('pw')).not.toBe(bcryptHash('pw'));
    expect(htpasswdLine('alice', 'pw')).toMatch(/^alice:\$2b\$05\$[./A-Za-z0-9]{53}\n$/);
    expect(() => htpasswdLine('a:b', 'pw')).toThrow();
  });
});
