import type { Got, Request } from 'got' with { 'resolution-mode': 'import' };
import type { AddressPolicy } from '../address-guard/address-policy';
import { guardedLookup, literalAddressRefusal, RefusedAddressError } from '../address-guard/guarded-lookup';
import {
  DeliveryClient,
  DeliveryError,
  DeliveryRequest,
  DeliveryResponse,
  flattenHeaders,
  RESPONSE_BODY_LIMIT,
} from './delivery-client';

/** got is ESM-only; loaded once on first use so this CommonJS code base can use it. */
let gotInstance: Promise<Got> | undefined;
const loadGot = () => (gotInstance ??= import('got').then((module) => module.default));

/** Delivery over got: the reference client the benchmark compares undici against. */
export class GotDeliveryClient implements DeliveryClient {
  constructor(private readonly policy: AddressPolicy) {}

  async send(req: DeliveryRequest): Promise<DeliveryResponse> {
    const got = await loadGot();
    const started = performance.now();
    const refusal = literalAddressRefusal(new URL(req.url), this.policy);
    if (refusal) throw new DeliveryError(refusal, 'EREFUSEDADDRESS', 0);
    try {
      // A stream, so that only the kept bytes of a body are read and the rest is never downloaded.
      const stream = got.stream.post(req.url, {
        body: req.body,
        headers: req.headers,
        timeout: { request: req.timeoutMs },
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        dnsLookup: guardedLookup(this.policy) as never,
        https: { rejectUnauthorized: !req.skipTlsVerification, certificateAuthority: req.tlsCa || undefined },
      });
      const { status, headers, body } = await readCapped(stream);
      return { status, headers, body, durationMs: performance.now() - started };
    } catch (error) {
      const err = error as NodeJS.ErrnoException & { cause?: unknown };
      const durationMs = performance.now() - started;
      if (err.cause instanceof RefusedAddressError)
        throw new DeliveryError(err.cause.message, err.cause.code, durationMs);
      if (err.code === 'ETIMEDOUT')
        throw new DeliveryError(`no response within ${req.timeoutMs} ms`, 'ETIMEDOUT', durationMs);
      throw new DeliveryError(err.message, err.code ?? 'EDELIVERY', durationMs);
    }
  }

  async close(): Promise<void> {}
}

/** Status, headers and the first RESPONSE_BODY_LIMIT bytes of the body; the request is destroyed then. */
function readCapped(stream: Request): Promise<Omit<DeliveryResponse, 'durationMs'>> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = () => {
      stream.destroy();
      resolve({
        status,
        headers,
        body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
      });
    };
    stream.once(
      'response',
      (response: { statusCode: number; headers: Record<string, string | string[]> }) => {
        status = response.statusCode;
        headers = flattenHeaders(response.headers);
      },
    );
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= RESPONSE_BODY_LIMIT) finish();
    });
    stream.once('end', finish);
    // Still listened to once settled: an error then must not go unhandled.
    stream.on('error', reject);
  });
}
