import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { trackChild, waitForExit } from '../registry/process-utils';
import { freePort } from './free-port';

export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills the server at once (SIGKILL), as a crash or network loss would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private `redis-server` for fault tests, which must not stop the machine's shared Redis.
 * No persistence: what it held is lost when it is killed, like a Redis that lost its data.
 */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    trackChild(child);
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch (error) {
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error(`redis-server on ${port} did not start: ${String(error)}`, { cause: error });
          probe.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  };
  const kill = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    await waitForExit(child, 5000);
    child = undefined;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: start, stop: kill };
}
