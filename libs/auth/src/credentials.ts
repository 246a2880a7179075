/** What an Authorization header carries: DTR's Basic `user:token`, Quay's Bearer, Alauda's Token. */
export type Credentials =
  { scheme: 'basic'; username: string; token: string } | { scheme: 'bearer' | 'token'; token: string };

export function parseCredentials(header: string | undefined): Credentials | null {
  if (!header) return null;
  const match = /^\s*(Basic|Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  if (!match) return null;
  const scheme = match[1].toLowerCase() as 'basic' | 'bearer' | 'token';
  if (scheme !== 'basic') return { scheme, token: match[2] };
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { scheme, username: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}
