import { webhookIdFor } from '@hookyard/delivery';
import {
  createWebhook,
  eventually,
  freePort,
  Receiver,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
} from '@hookyard/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

/** A redis-server child with AOF, as compose and k8s run it; the machine's shared Redis is left alone. */
async function startRedisServer(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
  try {
    await eventually(() => probe.connect().then(() => probe.ping()), 10_000);
  } finally {
    probe.disconnect();
  }
  return child;
}

/** A Redis restart (own redis-server, AOF as in production) loses no delivery. */
describe('delivery across a Redis restart (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let redis: ChildProcess;
  let redisPort: number;
  const redisRoot = mkdtempSync(join(tmpdir(), 'hookyard-redis-'));

  const stopRedis = () =>
    new Promise<void>((done) => {
      if (redis.exitCode !== null) return done();
      redis.once('exit', () => done());
      redis.kill('SIGTERM');
    });

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedisServer(redisRoot, redisPort);
    stack = await startStack({
      apps: ['gateway', 'dispatcher', 'worker'],
      env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    if (redis) await stopRedis();
    rmSync(redisRoot, { recursive: true, force: true });
  });

  it('delivers every event queued before, and every event appended after, the restart', async () => {
    const webhook = await createWebhook(stack, { key: 'crash/redis', endpoint: receiver.url });
    // Slow answers keep most deliveries queued or in flight while Redis restarts.
    receiver.setDefaultResponse({ status: 200, delayMs: 300 });
    const before = Array.from({ length: 30 }, () => tagPushEvent('crash/redis'));
    await stack.appendEvents(before);
    await receiver.waitForRequests(5, 10_000);

    await stopRedis();
    redis = await startRedisServer(redisRoot, redisPort);
    const after = Array.from({ length: 10 }, () => tagPushEvent('crash/redis'));
    await eventually(() => stack.appendEvents(after).then(() => true));

    const expected = new Set([...before, ...after].map((event) => webhookIdFor(event.id, webhook.id)));
    const seen = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    await eventually(async () => (seen().size >= expected.size ? true : undefined), 40_000);
    expect(seen()).toEqual(expected);
  });
});
