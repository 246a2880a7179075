import { tokenExpiresAt, tokenOrigin, tokenState } from './token-expiry';

describe('API token expiry (console)', () => {
  const now = new Date('2026-03-15T12:00:00Z');

  it('sends an expiry the chosen number of days away, none for never', () => {
    expect(tokenExpiresAt('', now)).toBeUndefined();
    expect(tokenExpiresAt('7', now)).toBe('2026-03-22T12:00:00.000Z');
    expect(tokenExpiresAt('365', now)).toBe('2027-03-15T12:00:00.000Z');
  });

  it('says expired once the expiry passed, whether or not the token is enabled', () => {
    const at = now.getTime();
    expect(tokenState({ isActive: true, expiresAt: null }, at)).toBe('Active');
    expect(tokenState({ isActive: false, expiresAt: null }, at)).toBe('Disabled');
    expect(tokenState({ isActive: true, expiresAt: '2026-03-16T00:00:00Z' }, at)).toBe('Active');
    expect(tokenState({ isActive: true, expiresAt: '2026-03-15T12:00:00Z' }, at)).toBe('Expired');
    expect(tokenState({ isActive: false, expiresAt: '2026-03-01T00:00:00Z' }, at)).toBe('Expired');
  });

  it('names who made a token', () => {
    expect(tokenOrigin('rita', 'rita')).toBe('rita');
    expect(tokenOrigin('admin', 'rita')).toBe('admin (system admin)');
    expect(tokenOrigin('ADMIN_TOKEN', 'admin')).toBe('the ADMIN_TOKEN setting');
  });
});
