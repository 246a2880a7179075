import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from another site, by the headers browsers set
 * themselves (the rule of Go's http.CrossOriginProtection): `Sec-Fetch-Site` when sent, else
 * `Origin` against `Host`. A request with neither comes from no browser, so no site can have
 * forged it with the user's cookie. Safe methods are never cross-origin here: they change nothing.
 */
export function isCrossOriginRequest(method: string, headers: IncomingHttpHeaders): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    // "null" (sandboxed frames, file: pages) or garbage: not this site.
    return true;
  }
}
