import { createServer } from 'node:http';

/**
 * The benchmark's webhook receiver, in its own process so it does not share an event loop with
 * the load it measures. Answers 200 to every POST, counts requests and notes when each tracked
 * delivery (a TAG_PUSH whose tag is `b<n>`) first arrived. Driven over IPC by receiver-client.ts.
 */
/** What the bench asks the receiver; each answer carries the command's `id`. */
export type ReceiverRequest = { cmd: 'stats' } | { cmd: 'reset' } | { cmd: 'waitFor'; count: number };
export type ReceiverCommand = ReceiverRequest & { id: number };
export interface ReceiverStats {
  count: number;
  /** [tag, ms since epoch] of the first receipt of each tracked delivery. */
  receipts: Array<[string, number]>;
  lastAt: number;
}

let count = 0;
let lastAt = 0;
let receipts = new Map<string, number>();
/** A `waitFor` not answered yet: answered by the request that brings the count to its number. */
let waiting: { id: number; count: number } | undefined;

const sendStats = (id: number) => {
  const stats: ReceiverStats = { count, receipts: [...receipts], lastAt };
  process.send!({ id, stats });
};

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const now = Date.now();
    count++;
    lastAt = now;
    try {
      const tag = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { contents?: { tag?: unknown } })
        .contents?.tag;
      if (typeof tag === 'string' && tag.startsWith('b') && !receipts.has(tag)) receipts.set(tag, now);
    } catch {
      // not JSON: counted only
    }
    response.writeHead(200, { 'content-length': '0' });
    response.end();
    if (waiting && count >= waiting.count) {
      sendStats(waiting.id);
      waiting = undefined;
    }
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: ReceiverCommand) => {
  if (message.cmd === 'reset') {
    count = 0;
    lastAt = 0;
    receipts = new Map();
    waiting = undefined;
    process.send!({ id: message.id });
  } else if (message.cmd === 'waitFor' && count < message.count) waiting = message;
  else sendStats(message.id);
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});
