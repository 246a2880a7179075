import { Receiver, startReceiver } from '@hookyard/testing';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { AddressPolicy } from '../address-guard/address-policy';
import {
  DeliveryClient,
  DeliveryError,
  RESPONSE_BODY_LIMIT,
  RESPONSE_HEADER_COUNT_LIMIT,
  RESPONSE_HEADER_NAME_LIMIT,
  RESPONSE_HEADER_VALUE_LIMIT,
} from './delivery-client';
import { MAX_AGENTS, UndiciDeliveryClient } from './undici-delivery-client';

// GotDeliveryClient is left out: got is ESM-only and jest cannot import() it without
// --experimental-vm-modules.
describe('undici delivery client against a real receiver', () => {
  const create = (policy: AddressPolicy): DeliveryClient => new UndiciDeliveryClient(policy);
  let receiver: Receiver;
  const strict = create(new AddressPolicy([]));
  const loopbackAllowed = create(new AddressPolicy(['127.0.0.0/8']));
  const post = (client: DeliveryClient, url: string) =>
    client.send({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000 });

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  beforeEach(() => receiver.reset());
  afterAll(async () => {
    await Promise.all([strict.close(), loopbackAllowed.close(), receiver.close()]);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.16.0.1/'],
    ['private 192.168/16', 'http://192.168.0.1/'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]:9/'],
    ['unique-local', 'http://[fc00::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['multicast', 'http://224.0.0.1/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['unspecified', 'http://0.0.0.0:9/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:9/'],
  ])('refuses %s (%s) without connecting', async (_range, url) => {
    await expect(post(strict, url)).rejects.toMatchObject({ code: 'EREFUSEDADDRESS' });
  });

  it('refuses a DNS name resolving to loopback at connect time', async () => {
    const error = await post(strict, `http://localhost:${receiver.port}/hook`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'EREFUSEDADDRESS', message: expect.stringMatching(/localhost/) });
    expect(receiver.count).toBe(0);
  });

  it('opens ranges listed in the allowlist', async () => {
    expect((await post(loopbackAllowed, `http://localhost:${receiver.port}/hook`)).status).toBe(200);
  });

  it('does not follow redirects: a 302 is the answer', async () => {
    receiver.respondWith({ status: 302, headers: { location: `${receiver.origin}/elsewhere` } });
    const response = await post(loopbackAllowed, receiver.url);
    expect(response.status).toBe(302);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('keeps only the first bytes of a large response body', async () => {
    receiver.respondWith({ status: 200, body: 'x'.repeat(RESPONSE_BODY_LIMIT * 10) });
    const response = await post(loopbackAllowed, receiver.url);
    expect(response.body).toHaveLength(RESPONSE_BODY_LIMIT);
  });

  it('keeps a bounded number of headers, each cut to its limit', async () => {
    const headers: Record<string, string> = { 'x-long-value': 'v'.repeat(5000) };
    headers[`x-${'n'.repeat(1000)}`] = 'long name';
    for (let i = 0; i < 1000; i++) headers[`x-h${i}`] = String(i);
    receiver.respondWith({ status: 200, headers });
    const response = await post(loopbackAllowed, receiver.url);
    const kept = Object.entries(response.headers);
    expect(kept).toHaveLength(RESPONSE_HEADER_COUNT_LIMIT);
    expect(response.headers['x-long-value']).toBe('v'.repeat(RESPONSE_HEADER_VALUE_LIMIT));
    expect(response.headers[`x-${'n'.repeat(RESPONSE_HEADER_NAME_LIMIT - 2)}`]).toBe('long name');
  });

  it('stops reading a body announced as too long once the kept bytes are in, and hangs up', async () => {
    const length = 100 * 1024 * 1024;
    receiver.respondWith({ status: 200, headers: { 'content-length': String(length) }, streamBytes: length });
    const response = await post(loopbackAllowed, receiver.url);
    expect(response.body).toBe('x'.repeat(RESPONSE_BODY_LIMIT));
    const [request] = receiver.requests;
    await new Promise((r) => setTimeout(r, 100));
    expect(request.response).toMatchObject({ ended: false, cutOff: true });
    // What was already under way in socket buffers, nowhere near the 100 MB.
    expect(request.response.bytesWritten).toBeLessThan(16 * 1024 * 1024);
  });

  it('gives up on a body that trickles past the deadline', async () => {
    receiver.respondWith({ status: 200, body: 'drip', dripIntervalMs: 200 });
    const error = await loopbackAllowed
      .send({ url: receiver.url, headers: {}, body: '{}', timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'no response within 300 ms' });
  });

  it('answers with status, headers and body, and times out a receiver that does not answer', async () => {
    receiver.respondWith(
      { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' },
      { status: 200, delayMs: 1500 },
    );
    const response = await post(loopbackAllowed, receiver.url);
    expect(response).toMatchObject({ status: 429, body: 'slow down' });
    expect(response.headers['retry-after']).toBe('7');
    const timedOut = await loopbackAllowed
      .send({ url: receiver.url, headers: {}, body: '{}', timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: 'ETIMEDOUT', message: 'no response within 300 ms' });
  });

  it('fails at the deadline while the connection is still being made', async () => {
    // Accepts TCP but never answers the TLS handshake: the request never starts.
    const silent = createNetServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await loopbackAllowed
        .send({ url: `https://127.0.0.1:${port}/`, headers: {}, body: '{}', timeoutMs: 300 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'no response within 300 ms' });
    } finally {
      silent.close();
    }
  });

  it('keeps at most MAX_AGENTS connection pools, however many CA certificates subscriptions bring', async () => {
    const client = new UndiciDeliveryClient(new AddressPolicy(['127.0.0.0/8']));
    try {
      const send = (ca: number) =>
        client.send({ url: receiver.url, headers: {}, body: '{}', timeoutMs: 2000, tlsCa: `ca-${ca}` });
      for (let ca = 0; ca < MAX_AGENTS + 20; ca++) expect((await send(ca)).status).toBe(200);
      expect(client.agentCount).toBe(MAX_AGENTS);
      // An evicted pool is made again when its certificate comes back.
      expect((await send(0)).status).toBe(200);
      expect(client.agentCount).toBe(MAX_AGENTS);
    } finally {
      await client.close();
    }
    expect(client.agentCount).toBe(0);
  });

  it('reads a chunked answer without a length, keeping the first bytes', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(500);
        for (let i = 0; i < 20; i++) res.write('y'.repeat(1000));
        res.end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await post(loopbackAllowed, `http://127.0.0.1:${port}/`);
      expect(response.status).toBe(500);
      expect(response.body).toBe('y'.repeat(RESPONSE_BODY_LIMIT));
    } finally {
      server.close();
    }
  });
});
