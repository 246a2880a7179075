import { createHash } from 'node:crypto';
import { Agent, errors, request } from 'undici';
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

/** Keep-alive delivery over undici: one connection pool per TLS setting, shared by all endpoints. */
export class UndiciDeliveryClient implements DeliveryClient {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly policy: AddressPolicy) {}

  private agentFor(req: DeliveryRequest): Agent {
    const key = `${req.skipTlsVerification ? 1 : 0}:${req.tlsCa ? createHash('sha256').update(req.tlsCa).digest('hex') : ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        keepAliveTimeout: 30_000,
        connections: 256,
        connect: {
          lookup: guardedLookup(this.policy),
          rejectUnauthorized: !req.skipTlsVerification,
          ...(req.tlsCa ? { ca: req.tlsCa } : {}),
        },
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  async send(req: DeliveryRequest): Promise<DeliveryResponse> {
    const started = performance.now();
    const url = new URL(req.url);
    const refusal = literalAddressRefusal(url, this.policy);
    if (refusal) throw new DeliveryError(refusal, 'EREFUSEDADDRESS', 0);
    try {
      const response = await request(url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: this.agentFor(req),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: AbortSignal.timeout(req.timeoutMs),
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      const body = await readCapped(response.body, response.headers['content-length']);
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body,
        durationMs: performance.now() - started,
      };
    } catch (error) {
      throw toDeliveryError(error, req.timeoutMs, performance.now() - started);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }
}

/** The response body up to RESPONSE_BODY_LIMIT; a declared small length is read in one go. */
async function readCapped(
  body: AsyncIterable<Buffer> & { dump(opts?: { limit: number }): Promise<void>; text(): Promise<string> },
  contentLength: string | string[] | undefined,
): Promise<string> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : NaN;
  if (declared === 0) {
    await body.dump();
    return '';
  }
  if (declared > 0 && declared <= RESPONSE_BODY_LIMIT) return body.text();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) break;
  }
  if (size >= RESPONSE_BODY_LIMIT) await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8');
}

function toDeliveryError(error: unknown, timeoutMs: number, durationMs: number): DeliveryError {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof RefusedAddressError || cause instanceof RefusedAddressError) {
    const refused = error instanceof RefusedAddressError ? error : (cause as RefusedAddressError);
    return new DeliveryError(refused.message, refused.code, durationMs);
  }
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    (error as Error).name === 'TimeoutError'
  ) {
    return new DeliveryError(`no response within ${timeoutMs} ms`, 'ETIMEDOUT', durationMs);
  }
  const err = error as NodeJS.ErrnoException;
  return new DeliveryError(err.message || String(error), err.code ?? 'EDELIVERY', durationMs);
}
