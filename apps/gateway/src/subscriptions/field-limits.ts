/** Longest endpoint URL any API accepts (browsers and proxies commonly stop near 2,000). */
export const MAX_ENDPOINT_LENGTH = 2048;
/** Names, titles and labels. */
export const MAX_NAME_LENGTH = 255;
/** Subscription ids: 64 hex characters (DTR), a uuid (Quay), an integer (Alauda). */
export const MAX_ID_LENGTH = 64;
/** A hook's own signing secret. */
export const MAX_SECRET_LENGTH = 1024;
/** A PEM CA bundle of a few certificates. */
export const MAX_CERTIFICATE_LENGTH = 64 * 1024;
/** Event names of an API, at most this many in one subscription. */
export const MAX_EVENT_NAME_LENGTH = 64;
export const MAX_EVENTS = 32;
