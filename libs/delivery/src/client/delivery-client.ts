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

/** The delivery transport, behind one small interface so the benchmark can compare clients. */
export interface DeliveryClient {
  send(request: DeliveryRequest): Promise<DeliveryResponse>;
  close(): Promise<void>;
}

export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
