import { loadConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import {
  createTestDatabase,
  DISTRIBUTION_FIXTURES_DIR,
  freePort,
  rawHttpClient,
  Receiver,
  Stack,
  startReceiver,
  startStack,
} from '@hookyard/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';

const USERNAME = 'pusher';
const PASSWORD = `registry-secret-${randomBytes(8).toString('hex')}`;
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
const DISTRIBUTION_TYPE = 'application/vnd.docker.distribution.events.v1+json';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

const digestOf = (seed: string) => `sha256:${Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64)}`;

/** The captured tag push of Distribution 2.8.2 (envelope 2), with the target fields given. */
function pushEnvelope(target: Record<string, unknown>, id = randomBytes(8).toString('hex')) {
  const { body } = JSON.parse(readFileSync(`${DISTRIBUTION_FIXTURES_DIR}/envelope-2.json`, 'utf8'));
  const [event] = body.events;
  return { events: [{ ...event, id, target: { ...event.target, ...target } }] };
}

/**
 * Ingest against hostile events and clients, with listeners that record what reaches them: events
 * cannot make ingest connect anywhere (least of all with the registry's credentials), no
 * credential reaches a log line, and a client without a token is answered before its body is read
 * (the rest then discarded unparsed, up to the body limit).
 */
describe('ingest security (e2e)', () => {
  let stack: Stack;
  let streamKey: string;
  /** Where hostile events point; nothing may ever arrive here. */
  let hostile: Receiver;
  /** The registry the operator configures (REGISTRY_URL), scripted. */
  let registry: Receiver;

  beforeAll(async () => {
    hostile = await startReceiver();
    registry = await startReceiver();
    // As k8s/ ships it: registry credentials set, REGISTRY_URL not.
    stack = await startStack({
      apps: ['ingest'],
      env: { REGISTRY_USERNAME: USERNAME, REGISTRY_PASSWORD: PASSWORD },
    });
    streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
  });

  afterAll(async () => {
    await stack?.stop();
    await hostile?.close();
    await registry?.close();
  });

  const postEnvelope = (envelope: unknown) =>
    fetch(`${stack.url('ingest')}/events/distribution`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': DISTRIBUTION_TYPE },
      body: JSON.stringify(envelope),
    });

  async function streamEvents(): Promise<CanonicalEvent[]> {
    const entries = await stack.redis.xrange(streamKey, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]));
  }

  /** Nothing the tests sent credentials-wise may be in ingest's log. */
  function expectNoCredentialsLogged(): void {
    const logs = stack.logs('ingest');
    for (const secret of [PASSWORD, BASIC.slice(6), `${USERNAME}:`, stack.ingestToken]) {
      expect(logs).not.toContain(secret);
    }
  }

  it('refuses an event whose repository, digest or tag breaks the reference grammar, connecting nowhere', async () => {
    const before = await stack.redis.xlen(streamKey);
    const digest = digestOf('hostile');
    const hostileUrl = `${hostile.origin}/v2/acme/../../latest/meta-data/manifests/${digest}`;
    const cases: Array<[unknown, RegExp]> = [
      [
        pushEnvelope({ repository: 'acme/../../latest/meta-data', url: hostileUrl, digest }),
        /^events\[0\]\.target\.repository must be <namespace>\/<repository>/,
      ],
      [
        pushEnvelope({ repository: 'acme/api%2f..%2f..', url: hostileUrl }),
        /^events\[0\]\.target\.repository /,
      ],
      [pushEnvelope({ digest: 'sha256:../../../latest/meta-data' }), /^events\[0\]\.target\.digest must be /],
      [pushEnvelope({ tag: '../../latest' }), /^events\[0\]\.target\.tag must be /],
      [
        // One bad event rejects the envelope: the good one before it is not written either.
        { events: [...pushEnvelope({}).events, ...pushEnvelope({ repository: 'Acme/API' }).events] },
        /^events\[1\]\.target\.repository /,
      ],
    ];
    for (const [envelope, message] of cases) {
      const response = await postEnvelope(envelope);
      expect({
        status: response.status,
        message: ((await response.json()) as { message: string }).message,
      }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
    expect(await stack.redis.xlen(streamKey)).toBe(before);
    expect(hostile.count).toBe(0);
  });

  it('without REGISTRY_URL delivers events without os/architecture, reads nothing, and says so once at start', async () => {
    const digest = digestOf('no-registry');
    const response = await postEnvelope(
      pushEnvelope({
        repository: 'acme/api',
        digest,
        url: `${hostile.origin}/v2/acme/api/manifests/${digest}`,
      }),
    );
    expect(response.status).toBe(202);
    const pushed = (await streamEvents()).filter((event) => event.contents.digest === digest);
    expect(pushed.map((event) => [event.type, event.contents.os, event.contents.architecture])).toEqual([
      ['TAG_PUSH', '', ''],
      ['MANIFEST_PUSH', '', ''],
    ]);
    expect(hostile.count).toBe(0);
    expect(stack.logs('ingest').match(/REGISTRY_URL is not set: .* Set REGISTRY_URL/g)).toHaveLength(1);
    expectNoCredentialsLogged();
  });

  it('reads only from REGISTRY_URL, sends the credentials only there, follows no redirect, logs no credential', async () => {
    await stack.stopApp('ingest');
    await stack.start('ingest', { REGISTRY_URL: registry.origin });
    registry.reset();

    // The configured registry redirects to the hostile listener: not followed.
    const redirected = digestOf('redirected');
    registry.respondWith({ status: 307, headers: { location: `${hostile.origin}/steal` } });
    expect(
      (await postEnvelope(pushEnvelope({ repository: 'acme/team/api', digest: redirected }))).status,
    ).toBe(202);
    // The event's URL names the hostile listener: ignored.
    const misdirected = digestOf('misdirected');
    registry.respondWith({ status: 200, body: '<html>not json</html>' });
    const url = `http://${USERNAME}:${PASSWORD}@127.0.0.1:${hostile.port}/v2/acme/api/manifests/${misdirected}`;
    expect(
      (await postEnvelope(pushEnvelope({ repository: 'acme/api', digest: misdirected, url }))).status,
    ).toBe(202);
    // A registry that does answer: the event is enriched.
    const readable = digestOf('readable');
    const configDigest = digestOf('config');
    registry.respondWith(
      { status: 200, body: JSON.stringify({ mediaType: MANIFEST_TYPE, config: { digest: configDigest } }) },
      { status: 200, body: JSON.stringify({ os: 'linux', architecture: 'riscv64' }) },
    );
    expect((await postEnvelope(pushEnvelope({ repository: 'acme/api', digest: readable }))).status).toBe(202);

    expect(hostile.count).toBe(0);
    expect(registry.requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', `/v2/acme/team/api/manifests/${redirected}`],
      ['GET', `/v2/acme/api/manifests/${misdirected}`],
      ['GET', `/v2/acme/api/manifests/${readable}`],
      ['GET', `/v2/acme/api/blobs/${configDigest}`],
    ]);
    for (const request of registry.requests) {
      expect(request.headers).toMatchObject({ authorization: BASIC, 'user-agent': 'hookyard-ingest' });
    }
    const enriched = (await streamEvents()).find((event) => event.contents.digest === readable);
    expect(enriched?.contents).toMatchObject({ os: 'linux', architecture: 'riscv64' });

    const logs = stack.logs('ingest');
    expect(logs).toMatch(
      /could not read acme\/team\/api@sha256:\S+ from the registry: the registry answered 307/,
    );
    expect(logs).toMatch(/could not read acme\/api@sha256:\S+ from the registry: .*not JSON/);
    expectNoCredentialsLogged();
  });

  it('answers 401 to a request without a valid token before reading its body', async () => {
    for (const path of ['/events/distribution', '/events']) {
      for (const authorization of [undefined, 'Bearer not-a-known-token-000000']) {
        const { status, body, sentBytes } = await postUnfinishedBody(path, authorization);
        expect({ path, status, body }).toEqual({
          path,
          status: 401,
          body: expect.stringMatching(/ingest token/),
        });
        // Only the first chunk of the megabyte was sent when the answer came.
        expect(sentBytes).toBe(CHUNK.length);
      }
    }
    expectNoCredentialsLogged();
  });

  it('reads and discards a refused body within the body limit: the client reads its 401 and keeps its connection', async () => {
    const port = Number(new URL(stack.url('ingest')).port);
    const limit = loadConfig(stack.env).ingest.bodyLimitBytes;
    const before = await stack.redis.xlen(streamKey);
    const within = await rawHttpClient(port);
    within.socket.write(unauthenticatedPost(limit));
    within.socket.write(CHUNK);
    await within.until(1);
    for (let sent = CHUNK.length; sent < limit; sent += CHUNK.length)
      within.socket.write(CHUNK.subarray(0, limit - sent));
    within.socket.write('GET /healthz HTTP/1.1\r\nhost: ingest\r\n\r\n');
    await within.until(2);
    expect(within.statusLines()).toEqual(['HTTP/1.1 401', 'HTTP/1.1 200']);
    within.socket.destroy();

    // Over the limit, the body is never read: the answer closes the connection.
    const over = await rawHttpClient(port);
    over.socket.write(unauthenticatedPost(limit + 1));
    over.socket.write(CHUNK);
    await over.until(1);
    expect(await over.closed).toBe(true);
    expect(over.statusLines()).toEqual(['HTTP/1.1 401']);
    expect(await stack.redis.xlen(streamKey)).toBe(before);
  });

  /** The head of a POST of a `length`-byte body to /events/distribution without a token. */
  const unauthenticatedPost = (length: number) =>
    `POST /events/distribution HTTP/1.1\r\nhost: ingest\r\ncontent-type: ${DISTRIBUTION_TYPE}\r\ncontent-length: ${length}\r\n\r\n`;

  /**
   * Declares a 1 MB body, sends its first 64 KB and waits for the answer without sending the rest:
   * a server that read the body before checking the token would never answer.
   */
  function postUnfinishedBody(path: string, authorization?: string) {
    return new Promise<{ status: number; body: string; sentBytes: number }>((done, fail) => {
      const url = new URL(path, stack.url('ingest'));
      const request = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(1024 * 1024),
          ...(authorization ? { authorization } : {}),
        },
      });
      let sentBytes = 0;
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sentBytes });
          request.destroy();
        });
      });
      request.flushHeaders();
      request.write(CHUNK, () => (sentBytes += CHUNK.length));
    });
  }

  it('npm start prints neither the INGEST_TOKEN an operator set nor the registry password', async () => {
    const database = await createTestDatabase();
    const prefix = `hytest-start-${randomBytes(4).toString('hex')}`;
    const ingestToken = `operator-ingest-${randomBytes(16).toString('hex')}`;
    const ports = { GATEWAY_PORT: 0, INGEST_PORT: 0, WORKER_PORT: 0, DISPATCHER_PORT: 0 };
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) ports[name] = await freePort();
    registry.reset();
    registry.setDefaultResponse({ status: 401, body: `{"errors":[{"code":"UNAUTHORIZED"}]}` });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/start/main.ts'], {
      cwd: resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: stack.env.REDIS_URL,
        REDIS_PREFIX: prefix,
        ADMIN_TOKEN: `admin-${randomBytes(16).toString('hex')}`,
        INGEST_TOKEN: ingestToken,
        REGISTRY_URL: registry.origin,
        REGISTRY_USERNAME: USERNAME,
        REGISTRY_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const deadline = Date.now() + 90_000;
      while ((output.match(/listening on port/g) ?? []).length < 4) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start failed:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      // A failed manifest read (the registry answers 401) is logged; with no credential in it.
      const digest = digestOf('npm-start');
      const posted = await fetch(`http://127.0.0.1:${ports.INGEST_PORT}/events/distribution`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingestToken}`, 'content-type': DISTRIBUTION_TYPE },
        body: JSON.stringify(pushEnvelope({ repository: 'acme/api', digest })),
      });
      expect(posted.status).toBe(202);
      while (!output.includes(`could not read acme/api@${digest}`)) {
        if (Date.now() > deadline) throw new Error(`no warning logged:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      child.kill('SIGINT');
      await exited;
      const keys = await stack.redis.keys(`${prefix}:*`);
      if (keys.length > 0) await stack.redis.del(...keys);
      await database.drop();
    }
    expect(output).toContain('INGEST_TOKEN from the environment');
    expect(output).toMatch(/could not read acme\/api@\S+ from the registry: the registry answered 401/);
    for (const secret of [ingestToken, PASSWORD, BASIC.slice(6)]) expect(output).not.toContain(secret);
  });
});

const CHUNK = Buffer.alloc(64 * 1024, '{');
