import { AddressPolicy } from './address-policy';
import { guardedLookup, literalAddressRefusal } from './guarded-lookup';

describe('AddressPolicy', () => {
  const strict = new AddressPolicy([]);

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fc00::1',
    'fe80::1',
    '224.0.0.1',
    'ff02::1',
    '0.0.0.0',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:0:127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    '::a00:1',
    '64:ff9b::7f00:1',
  ])('refuses %s by default', (address) => {
    expect(strict.refusal(address)).toMatch(/not allowed/);
  });

  it('allows public unicast addresses', () => {
    expect(strict.refusal('93.184.216.34')).toBeNull();
    expect(strict.refusal('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
  });

  it('opens ranges listed in DELIVERY_ALLOWED_CIDRS', () => {
    const open = new AddressPolicy(['127.0.0.0/8', '::1/128']);
    expect(open.refusal('127.0.0.1')).toBeNull();
    expect(open.refusal('::1')).toBeNull();
    expect(open.refusal('10.0.0.1')).toMatch(/private/);
  });

  it('refuses IPv4-compatible IPv6 (::/96) even where the IPv4 range is open, and literal URLs of it', () => {
    const loopbackOpen = new AddressPolicy(['127.0.0.0/8', '::1/128']);
    // WHATWG URL parsing turns [::127.0.0.1] into [::7f00:1]; ipaddr.js calls that unicast.
    const url = new URL('http://[::127.0.0.1]:8080/hook');
    expect(url.hostname).toBe('[::7f00:1]');
    expect(literalAddressRefusal(url, loopbackOpen)).toMatch(/::7f00:1 is IPv4-compatible and not allowed/);
    expect(loopbackOpen.refusal('::7f00:1')).toMatch(/IPv4-compatible/);
    // The mapped form is the IPv4 host itself, so the open IPv4 range applies to it.
    expect(loopbackOpen.refusal('::ffff:7f00:1')).toBeNull();
    expect(literalAddressRefusal(new URL('http://[::ffff:10.0.0.1]/'), loopbackOpen)).toMatch(/private/);
    expect(new AddressPolicy(['::/96']).refusal('::7f00:1')).toBeNull();
  });

  it('rejects a malformed range with the variable name', () => {
    expect(() => new AddressPolicy(['nonsense'])).toThrow(/DELIVERY_ALLOWED_CIDRS/);
  });

  it('checks literal hosts and resolved names', async () => {
    expect(literalAddressRefusal(new URL('http://[::1]:80/'), strict)).toMatch(/loopback/);
    expect(literalAddressRefusal(new URL('http://example.com/'), strict)).toBeNull();
    const error = await new Promise<Error | null>((resolve) =>
      guardedLookup(strict)('localhost', {}, (err) => resolve(err)),
    );
    expect(error?.message).toMatch(/^localhost resolves to a loopback address, which is not allowed/);
  });

  it('does not tell which address a refused name resolves to (no mapping of internal DNS)', async () => {
    const error = await new Promise<Error | null>((resolve) =>
      guardedLookup(strict)('localhost', {}, (err) => resolve(err)),
    );
    expect(error?.message).not.toMatch(/127\.0\.0\.1|::1/);
    expect(strict.nameRefusal(['93.184.216.34', '10.1.2.3'])).toBe(
      'resolves to a private address, which is not allowed (DELIVERY_ALLOWED_CIDRS)',
    );
    expect(strict.nameRefusal(['93.184.216.34'])).toBeNull();
  });
});
