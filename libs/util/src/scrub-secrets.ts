/** What replaces a secret in a log line or an error message. */
export const REDACTED = '[Redacted]';

/** `scheme://user:password@` → `scheme://[Redacted]@`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']*@/gi;
/** `?name=value&…` → `?name=[Redacted]&…`: query parameters may hold tokens. */
const QUERY_VALUES = /([?&][^=\s&#"']+=)[^&\s#"']*/g;
/** `Bearer abc…` in free text, as an Authorization header was quoted. */
const AUTHORIZATION_VALUES = /\b(Basic|Bearer|Token)\s+[A-Za-z0-9._~+/=-]{16,}/g;

/** `text` with credentials in URLs, query values and quoted Authorization values replaced. */
export function scrubSecrets(text: string): string {
  if (!text.includes('=') && !text.includes('@') && !/Basic|Bearer|Token/.test(text)) return text;
  return text
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(QUERY_VALUES, `$1${REDACTED}`)
    .replace(AUTHORIZATION_VALUES, `$1 ${REDACTED}`);
}
