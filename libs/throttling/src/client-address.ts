import { normalizeIp } from '@nestjs/throttler';

/**
 * The client a limit counts against: the request's address as Express reports it (the peer, or the
 * X-Forwarded-For entry TRUST_PROXY allows), IPv6 by /64 since one host usually holds a whole /64.
 */
export function clientAddress(request: { ip?: string; socket?: { remoteAddress?: string } }): string {
  const address = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
  return normalizeIp(address);
}
