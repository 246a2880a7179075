import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { memoizeByKey } from '@hookyard/util';
import { LRUCache } from 'lru-cache';
import type { Dispatcher } from 'undici';
// The connection pool and the error classes only: undici's index loads ~100 modules more (fetch,
// WebSocket, caches, mocks, proxies) that delivery never uses, about 3 MB of every app's heap.
import Agent from 'undici/lib/dispatcher/agent';
import errors from 'undici/lib/core/errors';
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

/**
 * Past the kept bytes, this much more is read (so the connection can be reused) before giving up
 * on it; a body announced as longer is cut off as soon as the kept bytes are in.
 */
const RESPONSE_DRAIN_LIMIT = 64 * 1024;
const RESPONSE_READ_LIMIT = RESPONSE_BODY_LIMIT + RESPONSE_DRAIN_LIMIT;

/**
 * Connection pools kept at once. Each custom CA certificate (a subscription's tlsCert) needs a pool
 * of its own, and users choose certificates: past this many, the least recently used pool is
 * closed (its requests in flight finish) and made again when needed.
 */
export const MAX_AGENTS = 100;

/**
 * Keep-alive delivery over undici: one connection pool per TLS setting, shared by all endpoints.
 * Requests go through `dispatch` with a handler that keeps the first bytes of the answer:
 * `undici.request` wraps every response in a Readable stream, which cost more than twice the CPU
 * per delivery in a micro-benchmark against the same receiver.
 */
export class UndiciDeliveryClient implements DeliveryClient {
  /** Pools being closed (evicted, or all of them at close()). */
  private readonly closing = new Set<Promise<void>>();
  private readonly agents = new LRUCache<string, Agent>({
    max: MAX_AGENTS,
    dispose: (agent) => {
      const closed = agent.close().finally(() => this.closing.delete(closed));
      this.closing.add(closed);
    },
  });

  /** Where each endpoint URL sends, or why it may not: parsing every delivery's URL showed in profiles. */
  private readonly targetOf: (url: string) => { origin: string; path: string } | { refusal: string };

  constructor(private readonly policy: AddressPolicy) {
    this.targetOf = memoizeByKey((endpoint) => {
      const url = new URL(endpoint);
      const refusal = literalAddressRefusal(url, policy);
      return refusal ? { refusal } : { origin: url.origin, path: `${url.pathname}${url.search}` };
    });
  }

  /** Connection pools open now (for tests). */
  get agentCount(): number {
    return this.agents.size;
  }

  private agentFor(req: DeliveryRequest): Agent {
    const key = `${req.skipTlsVerification ? 1 : 0}:${req.tlsCa ? hash('sha256', req.tlsCa, 'hex') : ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        keepAliveTimeout: 30_000,
        connections: 256,
        connect: {
          // Every delivery has the same timeout (DELIVERY_TIMEOUT); a connection attempt gets no more.
          timeout: req.timeoutMs,
          lookup: guardedLookup(this.policy),
          rejectUnauthorized: !req.skipTlsVerification,
          ...(req.tlsCa ? { ca: req.tlsCa } : {}),
        },
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  send(req: DeliveryRequest): Promise<DeliveryResponse> {
    const target = this.targetOf(req.url);
    if ('refusal' in target) return Promise.reject(new DeliveryError(target.refusal, 'EREFUSEDADDRESS', 0));
    // The handler settles the attempt's promise itself: no async wrapper and await per delivery.
    const handler = new CappedResponseHandler(req.timeoutMs);
    try {
      this.agentFor(req).dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: 'POST',
          headers: req.headers,
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      handler.fail(error as Error);
    }
    return handler.response;
  }

  async close(): Promise<void> {
    this.agents.clear();
    await Promise.all(this.closing);
  }
}

/** The whole attempt, connection included, took longer than the delivery timeout. */
class DeadlineExceededError extends Error {}
/** The receiver kept sending past RESPONSE_DRAIN_LIMIT: its answer is complete enough. */
class ResponseTooLongError extends Error {}

/**
 * Collects status, headers and the first RESPONSE_BODY_LIMIT bytes; aborts at the deadline. Its
 * `response` settles with the attempt's DeliveryResponse or DeliveryError.
 */
class CappedResponseHandler implements Dispatcher.DispatchHandler {
  readonly response: Promise<DeliveryResponse>;
  private resolve!: (response: DeliveryResponse) => void;
  private reject!: (error: Error) => void;
  private readonly deadline: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private received = 0;
  /** Body bytes read before the body counts as complete enough. */
  private readLimit = RESPONSE_READ_LIMIT;
  private expired = false;
  /** performance.now() when the attempt started. */
  private readonly started = performance.now();

  constructor(private readonly timeoutMs: number) {
    this.response = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.deadline = setTimeout(() => this.expire(), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.expired) controller.abort(new DeadlineExceededError());
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
    if (Number(headers['content-length']) > RESPONSE_READ_LIMIT) this.readLimit = RESPONSE_BODY_LIMIT;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.received < RESPONSE_BODY_LIMIT) this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.received >= this.readLimit) controller.abort(new ResponseTooLongError());
  }

  onResponseEnd(): void {
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (error instanceof ResponseTooLongError) return this.finish();
    this.fail(error);
  }

  /** The attempt failed: `error` as the DeliveryError it reports. */
  fail(error: Error): void {
    clearTimeout(this.deadline);
    this.reject(toDeliveryError(error, this.timeoutMs, performance.now() - this.started));
  }

  /** Still connecting or queued: the attempt fails now, and the request is dropped if it starts later. */
  private expire(): void {
    this.expired = true;
    if (this.controller) this.controller.abort(new DeadlineExceededError());
    else this.fail(new DeadlineExceededError());
  }

  private finish(): void {
    clearTimeout(this.deadline);
    // Most answers have no body, or one chunk: nothing to concatenate.
    const { chunks } = this;
    let body = '';
    if (chunks.length > 0) {
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      body = bytes.toString('utf8', 0, Math.min(bytes.length, RESPONSE_BODY_LIMIT));
    }
    this.resolve({
      status: this.status,
      headers: this.headers,
      body,
      durationMs: performance.now() - this.started,
    });
  }
}

function toDeliveryError(error: unknown, timeoutMs: number, durationMs: number): DeliveryError {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof RefusedAddressError || cause instanceof RefusedAddressError) {
    const refused = error instanceof RefusedAddressError ? error : (cause as RefusedAddressError);
    return new DeliveryError(refused.message, refused.code, durationMs);
  }
  if (
    error instanceof DeadlineExceededError ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new DeliveryError(`no response within ${timeoutMs} ms`, 'ETIMEDOUT', durationMs);
  }
  const err = error as NodeJS.ErrnoException;
  return new DeliveryError(err.message || String(error), err.code ?? 'EDELIVERY', durationMs);
}
