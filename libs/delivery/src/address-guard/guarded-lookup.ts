import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { AddressPolicy } from './address-policy';

export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connect that refuses addresses the policy forbids, so a hostname that
 * resolves to 127.0.0.1 (or rebinds to it later) is refused at connect time.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refusal = policy.nameRefusal(list.map((entry) => entry.address));
      if (refusal) return callback(new RefusedAddressError(`${hostname} ${refusal}`), []);
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Connecting to an IP literal skips `lookup`, so literal hosts are checked before sending. */
export function literalAddressRefusal(url: URL, policy: AddressPolicy): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? policy.refusal(host) : null;
}
