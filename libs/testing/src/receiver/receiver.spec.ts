import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { Receiver, selfSignedCertificate, startReceiver } from './index';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
}

function send(
  url: string,
  options: {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    ca?: string;
    agent?: HttpAgent;
  } = {},
): Promise<Reply> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: options.headers,
        ...(options.ca ? { ca: options.ca } : {}),
        agent: options.agent ?? false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            reusedSocket: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('receiver', () => {
  const receivers: Receiver[] = [];
  const start = async (...args: Parameters<typeof startReceiver>): Promise<Receiver> => {
    const receiver = await startReceiver(...args);
    receivers.push(receiver);
    return receiver;
  };

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('records requests and answers with scripted responses, then 200', async () => {
    const receiver = await start();
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/);
    receiver.respondWith(
      { status: 500, headers: { 'retry-after': '1' }, body: 'boom' },
      { status: 200, body: 'ok' },
    );

    const before = Date.now();
    const first = await send(receiver.url, {
      body: '{"n":1}',
      headers: { 'content-type': 'application/json' },
    });
    const second = await send(`${receiver.url}?attempt=2`, { body: '{"n":2}' });
    const third = await send(receiver.url, { method: 'PUT' });
    expect([first.status, first.body, first.headers['retry-after']]).toEqual([500, 'boom', '1']);
    expect([second.status, second.body]).toEqual([200, 'ok']);
    expect([third.status, third.body]).toEqual([200, '']);

    const requests = await receiver.waitForRequests(3);
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/hook', '{"n":1}'],
      ['POST', '/hook?attempt=2', '{"n":2}'],
      ['PUT', '/hook', ''],
    ]);
    expect(requests[0].headers['content-type']).toBe('application/json');
    expect(requests[0].receivedAt).toBeGreaterThanOrEqual(before);
    expect(receiver.count).toBe(3);

    receiver.reset();
    expect([receiver.requests.length, receiver.count]).toEqual([0, 0]);
  });

  it('waits for requests that arrive later and matches predicates', async () => {
    const receiver = await start();
    const waiting = receiver.waitForRequests(2, 5000);
    const matching = receiver.waitForRequest((r) => r.body.includes('second'), 5000);
    await send(receiver.url, { body: 'first' });
    await send(receiver.url, { body: 'second' });
    expect((await waiting).map((r) => r.body)).toEqual(['first', 'second']);
    expect((await matching).body).toBe('second');
  });

  it('rejects on timeout with what did arrive', async () => {
    const receiver = await start();
    await send(`${receiver.origin}/elsewhere`, { body: 'only one' });
    await expect(receiver.waitForRequests(2, 200)).rejects.toThrow(
      /timed out after 200 ms waiting for 2 request\(s\); 1 arrived:\n.*POST \/elsewhere only one/,
    );
  });

  it('delays scripted responses and keeps connections alive', async () => {
    const receiver = await start({ defaultResponse: { status: 204 } });
    receiver.respondWith({ status: 503, delayMs: 300 });
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      const started = Date.now();
      expect((await send(receiver.url, { agent })).status).toBe(503);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      const next = await send(receiver.url, { agent });
      expect([next.status, next.reusedSocket]).toEqual([204, true]);
    } finally {
      agent.destroy();
    }
  });

  it('answers as a hostile receiver: raw bytes, a slow drip, a stream, a response that never ends', async () => {
    const receiver = await start();
    const raw = Buffer.from(
      'HTTP/1.1 200 OK\r\nx-bytes: \xff\xfe\r\ncontent-length: 3\r\n\r\na\u0000b',
      'latin1',
    );
    receiver.respondWith(
      { status: 200, raw },
      { status: 200, body: 'abc', dripIntervalMs: 50 },
      { status: 200, streamBytes: 200_000 },
      { status: 200, body: 'never', neverEnd: true },
    );
    const rawAnswer = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect(receiver.port, '127.0.0.1', () =>
        socket.write('POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n'),
      );
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
    });
    expect(rawAnswer).toEqual(raw);

    const started = Date.now();
    expect((await send(receiver.url)).body).toBe('abc');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await send(receiver.url)).body).toBe('x'.repeat(200_000));
    const never = httpRequest(receiver.url, { method: 'POST', agent: false });
    const head = new Promise<number>((resolve) => never.on('response', (res) => resolve(res.statusCode!)));
    never.on('error', () => undefined);
    never.end();
    expect(await head).toBe(200);

    const requests = await receiver.waitForRequests(4);
    expect(requests.map((r) => r.response)).toEqual([
      { bytesWritten: raw.length, ended: true, cutOff: false },
      { bytesWritten: 3, ended: true, cutOff: false },
      { bytesWritten: 200_000, ended: true, cutOff: false },
      { bytesWritten: 5, ended: false, cutOff: false },
    ]);
    never.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(requests[3].response.cutOff).toBe(true);
  });

  it('only counts when record is false', async () => {
    const receiver = await start({ record: false });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(receiver.url, { body: 'x'.repeat(i * 1000) })),
    );
    await receiver.waitForRequests(20, 1000);
    expect(receiver.count).toBe(20);
    expect(receiver.requests).toEqual([]);
  });

  it('serves HTTPS with a self-signed certificate that clients can trust', async () => {
    const certificate = selfSignedCertificate();
    expect(certificate.key).toContain('PRIVATE KEY');
    const receiver = await start({ https: certificate });
    expect(receiver.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/hook$/);
    receiver.respondWith({ status: 500 });

    await expect(send(receiver.url, { body: 'untrusted' })).rejects.toThrow(/self[- ]signed/i);
    const trusted = await send(receiver.url, { body: 'trusted', ca: certificate.cert });
    expect(trusted.status).toBe(500);
    const byName = await send(`https://localhost:${receiver.port}/hook`, {
      body: 'by name',
      ca: certificate.cert,
    });
    expect(byName.status).toBe(200);
    expect(receiver.requests.map((r) => r.body)).toEqual(['trusted', 'by name']);
  });
});
