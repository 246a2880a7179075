/** A static header list that may not be sent; the message names headers, never values. */
export class StaticHeadersError extends Error {}

export const STATIC_HEADERS_MAX_COUNT = 10;
export const STATIC_HEADER_NAME_MAX_LENGTH = 64;
export const STATIC_HEADER_VALUE_MAX_LENGTH = 2048;

/** How a static header's value is shown once stored: never again in full. */
export const MASKED_HEADER_VALUE = '***';

/**
 * Headers a subscription may not set: those Hookyard sets itself (the body's type and length, the
 * Standard Webhooks signature, CloudEvents attributes, its User-Agent), the connection's own
 * (RFC 9110 hop-by-hop fields, Host), and ones that would change how the request is read.
 */
const FORBIDDEN_NAMES = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'user-agent',
]);
const FORBIDDEN_PREFIXES = ['webhook-', 'ce-', 'proxy-'];

/** RFC 9110 field-name (token) characters. */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII, spaces and tabs inside: no CR, LF or other control characters. */
const FIELD_VALUE = /^[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?$/;

const isForbidden = (name: string) => {
  const lower = name.toLowerCase();
  return FORBIDDEN_NAMES.has(lower) || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix));
};

/**
 * Checks headers a subscription asks to send with every delivery and returns them (names as
 * given). Throws a StaticHeadersError naming what is wrong; values are never part of a message.
 */
export function validateStaticHeaders(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new StaticHeadersError('must be an object of header names and values');
  }
  const entries = Object.entries(input);
  if (entries.length > STATIC_HEADERS_MAX_COUNT) {
    throw new StaticHeadersError(`may hold at most ${STATIC_HEADERS_MAX_COUNT} headers`);
  }
  const seen = new Set<string>();
  const forbidden = entries.map(([name]) => name).filter(isForbidden);
  if (forbidden.length > 0) {
    throw new StaticHeadersError(
      `may not set ${forbidden.join(', ')}: Hookyard sets it or it belongs to the connection`,
    );
  }
  for (const [name, value] of entries) {
    if (!FIELD_NAME.test(name) || name.length > STATIC_HEADER_NAME_MAX_LENGTH) {
      throw new StaticHeadersError(
        `"${name.slice(0, STATIC_HEADER_NAME_MAX_LENGTH)}" is not a header name (letters, digits and !#$%&'*+.^_\`|~-, at most ${STATIC_HEADER_NAME_MAX_LENGTH})`,
      );
    }
    if (seen.has(name.toLowerCase())) throw new StaticHeadersError(`names ${name} twice`);
    seen.add(name.toLowerCase());
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      throw new StaticHeadersError(
        `${name} must have a text value without line breaks or control characters, not starting or ending with a space`,
      );
    }
    if (value.length > STATIC_HEADER_VALUE_MAX_LENGTH) {
      throw new StaticHeadersError(
        `${name}'s value must be at most ${STATIC_HEADER_VALUE_MAX_LENGTH} characters`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Header names with masked values, as listings and the delivery log show them. */
export function maskedHeaders(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, MASKED_HEADER_VALUE]));
}
