import type { IncomingMessage } from 'node:http';

/** How long a refused request may take, by default, to send the rest of its body. */
const DISCARD_WINDOW_MS = 5_000;

/**
 * For a request answered before its body was read (a 401 from a hook): reads and throws away the
 * rest of the body, up to `limitBytes` and `windowMs`, so that a client still sending it reads the
 * answer and keeps its connection instead of meeting a broken pipe. Returns false, and reads
 * nothing, when the declared length is over the limit; past either bound while reading, the
 * connection is closed. A refused client so makes the server read no more than an accepted one
 * may send, and buffer nothing.
 */
export function discardBody(
  request: IncomingMessage,
  limitBytes: number,
  windowMs = DISCARD_WINDOW_MS,
): boolean {
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) return false;
  let seen = 0;
  // IncomingMessage.destroy() closes the connection it came on.
  const close = () => request.destroy();
  const window = setTimeout(close, windowMs).unref();
  request.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limitBytes) close();
  });
  // The body ended (read whole) or the connection closed: the window is over either way.
  const over = () => clearTimeout(window);
  request.once('end', over);
  request.once('close', over);
  return true;
}
