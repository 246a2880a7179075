import {
  EXAMPLE_CONTENTS,
  PRODUCED_EVENT_TYPES,
  validateContents,
  type CanonicalEvent,
} from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import {
  DISTRIBUTION_FIXTURES_DIR,
  freePort,
  HARBOR_FIXTURES_DIR,
  readFixture,
  Stack,
  startStack,
} from '@hookyard/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const SCANNER_TOKEN = `scanner-${randomBytes(16).toString('hex')}`;
const MIRROR_TOKEN = `mirror-${randomBytes(16).toString('hex')}`;
const BODY_LIMIT = 16 * 1024;
const FIXTURES = DISTRIBUTION_FIXTURES_DIR;
const DISTRIBUTION_TYPE = 'application/vnd.docker.distribution.events.v1+json';

/** The 2.8.2 captures (push, pulls, delete of acme/api:1.0) as one envelope, in capture order. */
function capturedEnvelope(): { events: Array<Record<string, unknown>> } {
  const events = Array.from({ length: 9 }, (_, n) => {
    const { body } = JSON.parse(readFileSync(`${FIXTURES}/envelope-${n}.json`, 'utf8'));
    return body.events as Array<Record<string, unknown>>;
  }).flat();
  return { events };
}

/**
 * POST /events and /events/distribution, and every way a producer can get them wrong, against the
 * real ingest and Redis.
 */
describe('ingest input (e2e)', () => {
  let stack: Stack;
  let streamKey: string;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['ingest'],
      env: {
        INGEST_TOKENS: `scanner:${SCANNER_TOKEN},mirror:${MIRROR_TOKEN}`,
        INGEST_BODY_LIMIT: String(BODY_LIMIT),
        // Nothing listens there: enrichment fails fast and events go out with empty os/architecture.
        REGISTRY_URL: `http://127.0.0.1:${await freePort()}`,
      },
    });
    streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const post = (body: string, headers: Record<string, string> = {}, path = '/events') =>
    fetch(`${stack.url('ingest')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCANNER_TOKEN}`, 'content-type': 'application/json', ...headers },
      body,
    });

  async function streamEvents(): Promise<CanonicalEvent[]> {
    const entries = await stack.redis.xrange(streamKey, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]));
  }

  const postEnvelope = (body: string, headers: Record<string, string> = {}) =>
    post(
      body,
      { authorization: `Bearer ${stack.env.INGEST_TOKEN}`, 'content-type': DISTRIBUTION_TYPE, ...headers },
      '/events/distribution',
    );

  it('writes a many-event Distribution envelope at once, once however often it is retried', async () => {
    const before = await stack.redis.xlen(streamKey);
    const envelope = JSON.stringify(capturedEnvelope());
    const first = await postEnvelope(envelope);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 9, emitted: 9 });
    const metrics = await (await fetch(`${stack.url('ingest')}/metrics`)).text();
    for (const action of ['push', 'pull']) {
      expect(metrics).toMatch(
        new RegExp(
          `hookyard_ingest_distribution_blob_events_dropped_total\\{[^}]*action="${action}"[^}]*\\} 2\\n`,
        ),
      );
    }

    const retried = await postEnvelope(envelope);
    expect(await retried.json()).toEqual({ accepted: 9, emitted: 0 });

    const events = (await streamEvents()).slice(before);
    expect(events.map((event) => event.type)).toEqual([
      'REPO_CREATED',
      'TAG_PUSH',
      'MANIFEST_PUSH',
      'TAG_PULL',
      'MANIFEST_PULL',
      'TAG_PULL',
      'MANIFEST_PULL',
      'MANIFEST_DELETE',
      'TAG_DELETE',
    ]);
    expect(events[1]).toMatchObject({
      source: 'distribution',
      namespace: 'acme',
      repository: 'api',
      contents: { tag: '1.0', os: '', architecture: '', imageName: '127.0.0.1:5000/acme/api:1.0' },
    });
    expect(events[8].contents).toMatchObject({ tag: '1.0', digest: events[7].contents.digest });
    for (const event of events) expect(validateContents(event.type, event.contents).errors).toEqual([]);
    expect(stack.logs('ingest')).toMatch(/could not read acme\/api@sha256:/);

    // Distribution's event ids are taken within their producer: another producer's envelope of the
    // same ids is not mistaken for a retry (and cannot silence the first producer's events). Its
    // REPO_CREATED is the repository's, made once.
    const mirrored = await postEnvelope(envelope, { authorization: `Bearer ${MIRROR_TOKEN}` });
    expect(await mirrored.json()).toEqual({ accepted: 9, emitted: 8 });
    const theirs = (await streamEvents()).slice(before + events.length);
    expect(theirs.map((event) => event.source)).toEqual(Array(8).fill('mirror'));
    const firstIds = new Set(events.map((event) => event.id));
    expect(theirs.filter((event) => firstIds.has(event.id))).toEqual([]);
  });

  it('rejects a bad Distribution envelope whole', async () => {
    const before = await stack.redis.xlen(streamKey);
    const envelope = capturedEnvelope();
    envelope.events[2] = { ...envelope.events[2], id: 'fresh-id', timestamp: 'yesterday' };
    const cases: Array<[Response, number, RegExp]> = [
      [
        await postEnvelope(JSON.stringify(envelope)),
        400,
        /^events\[2\]\.timestamp must be an RFC 3339 timestamp$/,
      ],
      [await postEnvelope(JSON.stringify({ events: 'none' })), 400, /events must be an array/],
      [await postEnvelope('{"events": [', {}), 400, /not valid JSON/],
      [await postEnvelope('{}', { 'content-type': 'text/plain' }), 415, /Content-Type must be/],
      [await postEnvelope('{}', { authorization: `Bearer ${SCANNER_TOKEN}x` }), 401, /invalid ingest token/],
    ];
    for (const [response, status, message] of cases) {
      const body = (await response.json()) as { message: string };
      expect({ status: response.status, message: body.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    expect(await stack.redis.xlen(streamKey)).toBe(before);
  });

  it('accepts every type producers send in one batch, with the producer as source, and dedups by producer id', async () => {
    const batch = {
      events: PRODUCED_EVENT_TYPES.map((type) => ({
        type,
        contents: EXAMPLE_CONTENTS[type],
        id: `batch-${type}`,
      })),
    };
    const response = await post(JSON.stringify(batch));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      accepted: PRODUCED_EVENT_TYPES.length,
      emitted: PRODUCED_EVENT_TYPES.length,
    });

    const retried = await post(JSON.stringify(batch));
    expect(await retried.json()).toMatchObject({ accepted: PRODUCED_EVENT_TYPES.length, emitted: 0 });
    const single = await post(JSON.stringify({ eventId: 'batch-SCAN_FAILED', ...batch.events[7] }));
    expect(await single.json()).toMatchObject({ accepted: 1, emitted: 0 });

    const events = (await streamEvents()).filter((event) => event.source === 'scanner');
    expect(events.map((event) => event.type)).toEqual([...PRODUCED_EVENT_TYPES]);
    for (const event of events) {
      expect(event.source).toBe('scanner');
      expect(event.contents).toEqual(EXAMPLE_CONTENTS[event.type]);
    }
    expect(events.find((event) => event.type === 'SCAN_COMPLETED')).toMatchObject({
      namespace: 'foo',
      repository: 'bar',
    });
  });

  it('emits an event without a producer id each time it is posted, with no dedup mark', async () => {
    const dedupMarks = () => stack.redis.keys(`${stack.env.REDIS_PREFIX}:dedup:*`);
    const marks = (await dedupMarks()).length;
    const before = await stack.redis.xlen(streamKey);
    const anonymous = { type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED };
    const batch = JSON.stringify({ events: [anonymous, { ...anonymous, id: 'once' }, anonymous] });
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 3, emitted: 3 });
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 3, emitted: 2 });
    expect(await (await post(JSON.stringify(anonymous))).json()).toMatchObject({ accepted: 1, emitted: 1 });

    const events = (await streamEvents()).slice(before);
    expect(events).toHaveLength(6);
    expect(new Set(events.map((event) => event.id)).size).toBe(6);
    expect(events.filter((event) => event.dedupKey !== undefined)).toHaveLength(1);
    expect((await dedupMarks()).length).toBe(marks + 1);
  });

  it('rejects bad input with a clear status and message and writes nothing', async () => {
    const before = await stack.redis.xlen(streamKey);
    const valid = JSON.stringify({ type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED });
    const scan = EXAMPLE_CONTENTS.SCAN_COMPLETED as { scanSummary: object };
    const cases: Array<[Response, number, RegExp]> = [
      [await post('{"type": "SCAN_FAILED",'), 400, /not valid JSON/],
      [await post(valid, { 'content-type': 'text/plain' }), 415, /Content-Type must be application\/json/],
      [
        await post(
          JSON.stringify({
            events: [
              JSON.parse(valid),
              {
                type: 'SCAN_COMPLETED',
                contents: { ...scan, scanSummary: { ...scan.scanSummary, critical: 'x' } },
              },
            ],
          }),
        ),
        400,
        /^events\[1\]\.contents\.scanSummary\.critical must be an integer number$/,
      ],
      [
        await post(JSON.stringify({ type: 'SCAN_FAILED', contents: 'x'.repeat(BODY_LIMIT) })),
        413,
        /too large/,
      ],
      [
        await post(
          JSON.stringify({ type: 'DELIVERY_EXHAUSTED', contents: EXAMPLE_CONTENTS.DELIVERY_EXHAUSTED }),
        ),
        400,
        /^type DELIVERY_EXHAUSTED is an operational event: Hookyard emits those itself$/,
      ],
      [await post(valid, { authorization: '' }), 401, /missing Authorization/],
      // The token is checked before the Content-Type, as a registry configured without one expects.
      [await post(valid, { authorization: '', 'content-type': 'text/plain' }), 401, /missing Authorization/],
      // The token is checked before the body is read: a malformed body without one is a 401.
      [await post('{"type": "SCAN_FAILED",', { authorization: '' }), 401, /missing Authorization/],
      // Rejected before any route: still the same error shape.
      [await post(valid, {}, '/events/%FF'), 400, /not a valid url/],
      [await post(valid, { authorization: 'Bearer not-a-known-token-000000' }), 401, /invalid ingest token/],
    ];
    for (const [response, status, message] of cases) {
      const body = (await response.json()) as { statusCode: number; message: string };
      expect({ status: response.status, message: body.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect(Object.keys(body)).toEqual(['statusCode', 'error', 'message']);
    }
    expect(await stack.redis.xlen(streamKey)).toBe(before);
  });

  it('rejects bad Harbor payloads with a clear status and message and writes nothing', async () => {
    const before = await stack.redis.xlen(streamKey);
    const push = readFixture<Record<string, unknown>>(HARBOR_FIXTURES_DIR, 'default/push-artifact.json').body;
    const pushed = readFixture<Record<string, unknown>>(
      HARBOR_FIXTURES_DIR,
      'cloudevents/push-artifact.json',
    ).body;
    const data = push.event_data as Record<string, unknown>;
    const postHarbor = (body: unknown, headers: Record<string, string> = {}) =>
      post(typeof body === 'string' ? body : JSON.stringify(body), headers, '/events/harbor');
    const cases: Array<[Response, number, RegExp]> = [
      [await postHarbor({ ...push, type: 'PUSH_IMAGE' }), 400, /^type must be one of PUSH_ARTIFACT, /],
      [
        await postHarbor({
          ...push,
          event_data: { ...data, repository: { repo_full_name: 'library/../../x' } },
        }),
        400,
        /^event_data\.repository\.repo_full_name must be <namespace>\/<repository>/,
      ],
      [
        await postHarbor(
          { ...pushed, data: { ...(pushed.data as object), resources: [{ tag: '1.0' }] } },
          {
            'content-type': 'application/cloudevents+json',
          },
        ),
        400,
        /^data\.resources\[0\]\.digest must be /,
      ],
      [await postHarbor('{"type": "PUSH_ARTIFACT",'), 400, /not valid JSON/],
      [
        await postHarbor(push, { 'content-type': 'text/plain' }),
        415,
        /Content-Type must be application\/json or application\/cloudevents\+json/,
      ],
      [await postHarbor({ ...push, operator: 'x'.repeat(BODY_LIMIT) }), 413, /too large/],
      [await postHarbor(push, { authorization: '' }), 401, /missing Authorization/],
      [
        await postHarbor(push, { authorization: 'Bearer not-a-known-token-000000' }),
        401,
        /invalid ingest token/,
      ],
    ];
    for (const [response, status, message] of cases) {
      const body = (await response.json()) as { message: string };
      expect({ status: response.status, message: body.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect(Object.keys(body)).toEqual(['statusCode', 'error', 'message']);
    }
    expect(await stack.redis.xlen(streamKey)).toBe(before);
  });

  it('survives random and truncated bodies without crashing or writing part of them', async () => {
    const before = await stack.redis.xlen(streamKey);
    const valid = { type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED };
    const scan = EXAMPLE_CONTENTS.SCAN_COMPLETED as Record<string, unknown>;
    const batch = JSON.stringify({ events: [valid, { type: 'SCAN_COMPLETED', contents: scan }] });
    const fields = Object.keys(scan);
    const problems: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Every body is broken: a strict prefix of valid JSON, random bytes, or a batch whose second
      // event has one field nulled (the first event, valid, must not be written either).
      const field = fields[i % fields.length];
      const body = [
        () => batch.slice(0, 1 + ((i * 7919) % (batch.length - 1))),
        () => randomBytes(1 + (i % 200)).toString(i % 2 === 0 ? 'latin1' : 'base64'),
        () =>
          JSON.stringify({
            events: [valid, { type: 'SCAN_COMPLETED', contents: { ...scan, [field]: null } }],
          }),
      ][i % 3]();
      const response = await post(body);
      const { message } = (await response.json()) as { message: string };
      if (response.status !== 400) problems.push(`${response.status} for ${body}`);
      if (i % 3 === 2 && !message.startsWith(`events[1].contents.${field} `)) problems.push(message);
      const harbor = await post(body, {}, '/events/harbor');
      if (harbor.status !== 400) problems.push(`/events/harbor: ${harbor.status} for ${body}`);
    }
    expect(problems).toEqual([]);
    expect(await stack.redis.xlen(streamKey)).toBe(before);
    expect((await fetch(`${stack.url('ingest')}/healthz`)).status).toBe(200);
  });
});
