import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

export function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
    socket.once('timeout', () => (socket.destroy(), done(false)));
  });
}

/**
 * A redis-server from PATH, set up to keep accepted events: no eviction, AOF every second,
 * data in `.hookyard/redis`.
 */
export async function startRedisServer(root: string, port: number): Promise<ChildProcess> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'No Redis at REDIS_URL and no redis-server on PATH. Install Redis (e.g. `apt-get install redis-server`) or set REDIS_URL.',
    );
  }
  const dir = join(resolve(root, '.hookyard'), 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await isPortOpen('127.0.0.1', port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server did not start on port ${port}`);
}
