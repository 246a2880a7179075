import { compareSync } from 'bcryptjs';
import { htpasswdLine } from './htpasswd';

describe('htpasswdLine', () => {
  it('writes user:bcrypt-hash lines, salted afresh each time', () => {
    const line = htpasswdLine('alice', 'pässwörd');
    expect(line).toMatch(/^alice:\$2[ab]\$05\$[./A-Za-z0-9]{53}\n$/);
    const hash = line.slice('alice:'.length, -1);
    expect(compareSync('pässwörd', hash)).toBe(true);
    expect(compareSync('password', hash)).toBe(false);
    expect(htpasswdLine('alice', 'pässwörd')).not.toBe(line);
  });

  it('refuses a user name with a colon', () => {
    expect(() => htpasswdLine('a:b', 'pw')).toThrow(/cannot contain ":"/);
  });
});
