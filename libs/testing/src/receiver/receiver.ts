import {
  createServer as createHttpServer,
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request head arrived. */
  receivedAt: number;
  /** How the answer went, updated as it is written (hostile responses). */
  response: SentResponse;
}

export interface SentResponse {
  /** Body bytes (or `raw` bytes) written to the connection so far. */
  bytesWritten: number;
  /** Everything scripted was written and the response ended. */
  ended: boolean;
  /** The connection closed before the response ended: the client hung up. */
  cutOff: boolean;
}

/** A scripted answer. Beyond status, headers and body, the fields make a hostile receiver. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Waits this long after the body has arrived before answering (to provoke client timeouts). */
  delayMs?: number;
  /** Then this many more body bytes (`x`), written as fast as the client reads them. */
  streamBytes?: number;
  /** Writes the body one byte per interval instead of at once (a slow drip). */
  dripIntervalMs?: number;
  /** Never ends the response: the head and the body go out, then the connection stays open. */
  neverEnd?: boolean;
  /** Written to the connection as the whole answer instead of status, headers and body: any bytes. */
  raw?: Buffer;
}

export interface ReceiverOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Serve HTTPS with this key and certificate (see selfSignedCertificate()). */
  https?: { key: string; cert: string };
  /** false: only count requests (for benchmarks); `requests` stays empty. Default true. */
  record?: boolean;
  /** Path put into `url`; every path is accepted. Default `/hook`. */
  path?: string;
  /** Response once the scripted queue is empty. Default 200 with an empty body. */
  defaultResponse?: ScriptedResponse;
}

export interface Receiver {
  /** e.g. `http://127.0.0.1:PORT/hook` */
  readonly url: string;
  /** e.g. `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Completed requests in arrival order (empty when `record: false`). */
  readonly requests: RecordedRequest[];
  /** Completed requests, recorded or not. */
  readonly count: number;
  /** Queues responses for the next requests, in order; afterwards the default response applies. */
  respondWith(...responses: ScriptedResponse[]): void;
  setDefaultResponse(response: ScriptedResponse): void;
  /** Resolves with all recorded requests once at least `count` have completed. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  /** Forgets recorded requests, the count and queued responses. */
  reset(): void;
  close(): Promise<void>;
}

interface Waiter {
  check(): boolean;
  reject(error: Error): void;
}

function summarize(requests: RecordedRequest[]): string {
  if (requests.length === 0) return 'nothing arrived';
  const shown = requests.slice(-20).map((r, i) => {
    const body = r.body.length > 300 ? `${r.body.slice(0, 300)}…` : r.body;
    return `  #${requests.length - Math.min(requests.length, 20) + i} ${r.method} ${r.path} ${body}`;
  });
  return `${requests.length} arrived${requests.length > 20 ? ' (last 20 shown)' : ''}:\n${shown.join('\n')}`;
}

/** An HTTP(S) server on 127.0.0.1 that records webhook deliveries and answers with scripted responses. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const record = options.record ?? true;
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  let defaultResponse: ScriptedResponse = options.defaultResponse ?? { status: 200 };
  let count = 0;
  const waiters = new Set<Waiter>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const send = (res: ServerResponse, response: ScriptedResponse, sent: SentResponse): void => {
    if (res.destroyed) return;
    if (!response.raw && !response.streamBytes && !response.dripIntervalMs && !response.neverEnd) {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
      sent.bytesWritten = response.body ? Buffer.byteLength(response.body) : 0;
      sent.ended = true;
      return;
    }
    res.once('close', () => (sent.cutOff = !sent.ended));
    const write = (chunk: string | Buffer): boolean => {
      sent.bytesWritten += Buffer.byteLength(chunk);
      return res.destroyed ? false : res.write(chunk);
    };
    const end = (): void => {
      if (response.neverEnd || res.destroyed) return;
      sent.ended = true;
      res.end();
    };
    if (response.raw) {
      sent.bytesWritten = response.raw.length;
      sent.ended = true;
      res.socket?.end(response.raw);
      return;
    }
    res.writeHead(response.status, response.headers);
    res.flushHeaders();
    const body = Buffer.from(response.body ?? '');
    const stream = (left: number): void => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      while (left > 0 && !res.destroyed) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!write(part)) return void res.once('drain', () => stream(left));
      }
      end();
    };
    if (!response.dripIntervalMs) {
      if (body.length > 0) write(body);
      return stream(response.streamBytes ?? 0);
    }
    const drip = (offset: number): void => {
      if (res.destroyed) return;
      if (offset >= body.length) return end();
      write(body.subarray(offset, offset + 1));
      later(response.dripIntervalMs!, () => drip(offset + 1));
    };
    drip(0);
  };

  const completed = (res: ServerResponse, response: ScriptedResponse, sent: SentResponse): void => {
    count++;
    if (waiters.size > 0) for (const waiter of waiters) waiter.check();
    if (!response.delayMs) return send(res, response, sent);
    later(response.delayMs, () => send(res, response, sent));
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const response = queue.length > 0 ? queue.shift()! : defaultResponse;
    const sent: SentResponse = { bytesWritten: 0, ended: false, cutOff: false };
    if (!record) {
      req.on('end', () => completed(res, response, sent));
      req.resume();
      return;
    }
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        receivedAt,
        response: sent,
      });
      completed(res, response, sent);
    });
  };

  const server = options.https ? createHttpsServer(options.https, handler) : createHttpServer(handler);
  // Clients under test (and the benchmark) reuse connections; keep them open longer than Node's 5 s default.
  server.keepAliveTimeout = 30000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;

  const wait = <T>(ready: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const immediate = ready();
      if (immediate !== undefined) return resolve(immediate);
      const waiter: Waiter = {
        check: () => {
          const value = ready();
          if (value === undefined) return false;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(value);
          return true;
        },
        reject: (error) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(
        () =>
          waiter.reject(
            new Error(`receiver ${origin}: timed out after ${timeoutMs} ms waiting for ${what()}`),
          ),
        timeoutMs,
      );
      waiters.add(waiter);
    });

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${options.path ?? '/hook'}`,
    origin,
    port,
    requests,
    get count() {
      return count;
    },
    respondWith: (...responses) => {
      queue.push(...responses);
    },
    setDefaultResponse: (response) => {
      defaultResponse = response;
    },
    waitForRequests: (wanted, timeoutMs = 15000) =>
      wait(
        () => (count >= wanted ? requests.slice() : undefined),
        timeoutMs,
        () => `${wanted} request(s); ${record ? summarize(requests) : `${count} arrived (record: false)`}`,
      ),
    waitForRequest: (predicate, timeoutMs = 15000) =>
      wait(
        () => requests.find(predicate),
        timeoutMs,
        () => `a matching request; ${summarize(requests)}`,
      ),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      count = 0;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const waiter of waiters) waiter.reject(new Error(`receiver ${origin} closed`));
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
