import { rawHttpClient } from '@hookyard/testing';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discardBody } from './discard-body';

const LIMIT = 64 * 1024;
const WINDOW_MS = 300;

/** A server that answers 401 to every request without reading its body, as ingest's token hook does. */
async function refusingServer(): Promise<{ server: Server; port: number; discarding: boolean[] }> {
  const discarding: boolean[] = [];
  const server = createServer((request, response) => {
    const kept = discardBody(request, LIMIT, WINDOW_MS);
    discarding.push(kept);
    response.writeHead(401, { 'content-type': 'text/plain', ...(kept ? {} : { connection: 'close' }) });
    response.end('no');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, discarding };
}

const headers = (length: number | 'chunked') =>
  `POST /events HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${
    length === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${length}`
  }\r\n\r\n`;

describe('discardBody', () => {
  let server: Server;
  let port: number;
  let discarding: boolean[];

  beforeEach(async () => ({ server, port, discarding } = await refusingServer()));
  afterEach(() => server.closeAllConnections());
  afterEach(() => new Promise((done) => server.close(done)));

  it('lets a client read the answer, send the rest of its body and reuse the connection', async () => {
    const client = await rawHttpClient(port);
    client.socket.write(headers(LIMIT) + 'x'.repeat(1024));
    await client.until(1);
    client.socket.write('x'.repeat(LIMIT - 1024));
    client.socket.write(headers(2) + '{}');
    await client.until(2);
    // Past the window, the connection still serves: a discarded body's bound ends with its request.
    await new Promise((done) => setTimeout(done, WINDOW_MS + 100));
    client.socket.write(headers(2) + '{}');
    await client.until(3);
    expect(client.statusLines()).toEqual(['HTTP/1.1 401', 'HTTP/1.1 401', 'HTTP/1.1 401']);
    expect(discarding).toEqual([true, true, true]);
    client.socket.destroy();
  });

  it('reads nothing of a body declared over the limit, and the answer closes the connection', async () => {
    const client = await rawHttpClient(port);
    client.socket.write(headers(LIMIT + 1) + 'x'.repeat(1024));
    await client.until(1);
    expect(await client.closed).toBe(true);
    expect(discarding).toEqual([false]);
    expect(client.statusLines()).toEqual(['HTTP/1.1 401']);
  });

  it('closes the connection once an undeclared (chunked) body passes the limit', async () => {
    const client = await rawHttpClient(port);
    client.socket.write(headers('chunked'));
    await client.until(1);
    const chunk = 'x'.repeat(16 * 1024);
    for (let sent = 0; sent <= LIMIT && !client.socket.destroyed; sent += chunk.length)
      client.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(await client.closed).toBe(true);
    expect(discarding).toEqual([true]);
  });

  it('closes the connection of a client that stops sending its body for the window', async () => {
    const client = await rawHttpClient(port);
    const started = Date.now();
    client.socket.write(headers(LIMIT) + 'x'.repeat(1024));
    await client.until(1);
    expect(await client.closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS - 20);
  });
});
