import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/**
 * One TCP connection to an HTTP server, written byte for byte as a test gives it (a body cut
 * anywhere, requests one after another on the same connection); what it reads is kept as text.
 */
export interface RawHttpClient {
  socket: Socket;
  /** Resolves true once the server (or the client) has closed the connection. */
  closed: Promise<boolean>;
  /** The status lines read so far (`HTTP/1.1 401`), in order. */
  statusLines(): string[];
  /** Waits until `count` answers have begun; fails if the connection closes first. */
  until(count: number): Promise<void>;
}

export async function rawHttpClient(port: number, host = '127.0.0.1'): Promise<RawHttpClient> {
  const socket = connect(port, host);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const statusLines = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
  const closed = once(socket, 'close').then(() => true);
  return {
    socket,
    closed,
    statusLines,
    async until(count) {
      while (statusLines().length < count) {
        if (await Promise.race([once(socket, 'data').then(() => false), closed]))
          throw new Error(`the connection closed after ${statusLines().length} of ${count} answers`);
      }
    },
  };
}
