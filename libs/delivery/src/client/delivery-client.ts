/** One HTTP POST of a rendered, signed payload to a subscriber. */
export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** PEM CA certificate(s) to trust for this endpoint, in addition to none other. */
  tlsCa?: string;
  skipTlsVerification?: boolean;
}

export interface DeliveryResponse {
  status: number;
  headers: Record<string, string>;
  /** The response body, cut at RESPONSE_BODY_LIMIT bytes. */
  body: string;
  durationMs: number;
}

/** What a connection or timeout failure reports; an HTTP status of any kind is a response. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly durationMs: number,
  ) {
    super(message);
  }
}

/** Bytes of a receiver's response body that are read and kept. */
export const RESPONSE_BODY_LIMIT = 4096;
/** Response headers kept (the first ones), and characters kept of each name and value. */
export const RESPONSE_HEADER_COUNT_LIMIT = 100;
export const RESPONSE_HEADER_NAME_LIMIT = 256;
export const RESPONSE_HEADER_VALUE_LIMIT = 1024;

/** The delivery transport, behind one small interface so the benchmark can compare clients. */
export interface DeliveryClient {
  send(request: DeliveryRequest): Promise<DeliveryResponse>;
  close(): Promise<void>;
}

/**
 * A receiver's headers as kept: repeated ones joined with `, `, at most RESPONSE_HEADER_COUNT_LIMIT
 * of them, names and values cut to their limits. A receiver chooses them, and they are logged with
 * every attempt.
 */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  let kept = 0;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (kept++ === RESPONSE_HEADER_COUNT_LIMIT) break;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    flat[name.slice(0, RESPONSE_HEADER_NAME_LIMIT)] = joined.slice(0, RESPONSE_HEADER_VALUE_LIMIT);
  }
  return flat;
}
