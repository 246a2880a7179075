import type { CanonicalEvent } from '@hookyard/events';
import { EXAMPLE_CONTENTS } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import {
  buildOciImage,
  manifestDigest,
  RunningRegistry,
  skopeoCopy,
  Stack,
  startRegistry,
  startStack,
  startThrowawayRedis,
  ThrowawayRedis,
} from '@hookyard/testing';
import { rmSync } from 'node:fs';
import { Client } from 'pg';

/**
 * Redis dies during a push: ingest answers 503 and acknowledges nothing, the registry retries, and
 * once Redis is back exactly one of each canonical event is in the stream (REPO_CREATED included,
 * although the repository was first seen while Redis was down).
 */
describe('Redis outage during a push (e2e)', () => {
  let redis: ThrowawayRedis;
  let stack: Stack;
  let registry: RunningRegistry;
  let layout: string;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    stack = await startStack({ apps: ['ingest'], redis });
    registry = await startRegistry({
      notifyUrl: `${stack.url('ingest')}/events/distribution`,
      notifyToken: stack.ingestToken,
    });
  });

  afterAll(async () => {
    await registry?.stop();
    await stack?.stop();
    await redis?.stop();
    if (layout) rmSync(layout, { recursive: true, force: true });
  });

  it('loses and doubles nothing', async () => {
    await redis.kill();
    const down = await fetch(`${stack.url('ingest')}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'SCAN_FAILED', contents: EXAMPLE_CONTENTS.SCAN_FAILED }),
    });
    expect(down.status).toBe(503);
    expect(((await down.json()) as { message: string }).message).toMatch(
      /event store unavailable, retry later/,
    );

    layout = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    await skopeoCopy(layout, `${registry.host}/acme/api:1.0`);
    // The registry's manifest notification reached ingest and was refused (blob-only envelopes
    // write nothing and are acknowledged even now).
    const refused = (line: string) =>
      line.includes('"url":"/events/distribution"') && line.includes('"statusCode":503');
    await waitFor(() => stack.logs('ingest').split('\n').some(refused));
    // The exception filter's error line names the request whose log line says 503.
    const lines = stack
      .logs('ingest')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; req?: { id: string } });
    const erroredIds = lines.filter((line) => line.msg === 'request errored').map((line) => line.req?.id);
    expect(erroredIds.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.msg === 'request failed').map((line) => line.reqId)).toEqual(
      expect.arrayContaining(erroredIds),
    );

    await redis.restart();
    const streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
    await waitFor(async () => (await stack.redis.xlen(streamKey)) >= 3);
    // Long enough for a second, duplicate retry to land if the registry were going to send one.
    await new Promise((r) => setTimeout(r, 2500));
    const entries = await stack.redis.xrange(streamKey, '-', '+');
    const events = entries.map(
      ([, fields]) => JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]) as CanonicalEvent,
    );
    expect(events.map((event) => [event.type, (event.contents as { digest?: string }).digest])).toEqual([
      ['REPO_CREATED', undefined],
      ['TAG_PUSH', manifestDigest(layout)],
      ['MANIFEST_PUSH', manifestDigest(layout)],
    ]);
    const database = new Client({ connectionString: stack.database.url });
    await database.connect();
    try {
      const { rows } = await database.query('select namespace, name from registry_repositories');
      expect(rows).toEqual([{ namespace: 'acme', name: 'api' }]);
    } finally {
      await database.end();
    }
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
