import ipaddr from 'ipaddr.js';
import { memoizeByKey } from '@hookyard/util';

/** ::/96, the IPv4-compatible IPv6 addresses (and :: and ::1, which ipaddr.js already names). */
const IPV4_COMPATIBLE = ipaddr.IPv6.parse('::');

/**
 * Which IP addresses deliveries may reach: public unicast only (no SSRF), unless an operator
 * opened a range with DELIVERY_ALLOWED_CIDRS. Checked on the address actually connected to.
 */
export class AddressPolicy {
  private readonly allowed: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  /**
   * The range refused, by address (null when allowed): every delivery to an IP literal asks again,
   * and parsing showed in profiles.
   */
  private readonly verdict = memoizeByKey((address) => this.refusedRange(address));

  constructor(allowedCidrs: readonly string[]) {
    this.allowed = allowedCidrs.map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr);
      } catch {
        throw new Error(`DELIVERY_ALLOWED_CIDRS: "${cidr}" is not a CIDR range`);
      }
    });
  }

  /** Null when the IP address `address` (as the user gave it) may be reached, else the reason it may not. */
  refusal(address: string): string | null {
    const range = this.verdict(address);
    return range && `address ${address} is ${range} and not allowed (DELIVERY_ALLOWED_CIDRS)`;
  }

  /**
   * Null when every address a host name resolved to may be reached, else why not: the range, never
   * the address, so that no answer maps an internal name to its address.
   */
  nameRefusal(addresses: readonly string[]): string | null {
    const range = addresses.map((address) => this.verdict(address)).find(Boolean);
    return range ? `resolves to a ${range} address, which is not allowed (DELIVERY_ALLOWED_CIDRS)` : null;
  }

  private refusedRange(address: string): string | null {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    let ip = ipaddr.parse(address);
    // ::ffff:a.b.c.d is the IPv4 host a.b.c.d (a dual-stack socket connects to it): judged as IPv4.
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
      ip = (ip as ipaddr.IPv6).toIPv4Address();
    }
    if (this.allowed.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits)))
      return null;
    // ipaddr.js calls IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291) unicast. They
    // name an IPv4 host through a tunnel, never a public IPv6 one: refused unless a range opens them.
    let range: string = ip.range();
    if (range === 'unicast' && ip.kind() === 'ipv6' && ip.match(IPV4_COMPATIBLE, 96))
      range = 'IPv4-compatible';
    return range === 'unicast' ? null : range;
  }
}
