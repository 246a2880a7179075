import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { trackChild, waitForExit } from '../process/child-processes';
import { freePort } from './free-port';

/** A Redis a stack runs against that a test may stop and start, one server or a cluster. */
export interface TestRedis {
  /** What the apps need to reach it: REDIS_URL, or REDIS_CLUSTER_NODES. */
  env: Record<string, string>;
  /** Kills every server at once (SIGKILL), as a crash or network loss would. */
  kill(): Promise<void>;
  /** Stops every server as an orchestrator does (SIGTERM: the append-only file is flushed). */
  shutdown(): Promise<void>;
  /** Starts the servers again on the same ports, with what they persisted (nothing without AOF). */
  restart(): Promise<void>;
  /** Stops the servers and removes their files. */
  stop(): Promise<void>;
}

export interface ThrowawayRedis extends TestRedis {
  url: string;
  port: number;
}

export interface TestRedisOptions {
  /** AOF (`appendfsync everysec`), as compose and k8s run Redis; otherwise nothing is persisted. */
  appendOnly?: boolean;
}

/**
 * One redis-server process on 127.0.0.1 with its own directory: started, stopped and started
 * again with the same arguments (a cluster node keeps its nodes.conf there).
 */
class RedisServerProcess {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly args: string[],
  ) {}

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', ...this.args],
      { stdio: 'ignore' },
    );
    this.child = child;
    trackChild(child);
    const probe = new Redis(this.port, '127.0.0.1', {
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
            throw new Error(`redis-server on ${this.port} did not start: ${String(error)}`, { cause: error });
          probe.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill(signal);
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
  }
}

const persistence = (options: TestRedisOptions) => ['--appendonly', options.appendOnly ? 'yes' : 'no'];

/**
 * A private `redis-server` for fault tests, which must not stop the machine's shared Redis.
 * Without `appendOnly`, what it held is lost when it stops, like a Redis that lost its data.
 */
export async function startThrowawayRedis(options: TestRedisOptions = {}): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookyard-redis-'));
  const server = new RedisServerProcess(port, dir, persistence(options));
  await server.start();
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    env: { REDIS_URL: url },
    kill: () => server.stop('SIGKILL'),
    shutdown: () => server.stop('SIGTERM'),
    restart: () => server.start(),
    stop: async () => {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestRedisCluster extends TestRedis {
  nodes: Array<{ host: string; port: number }>;
}

/**
 * A Redis Cluster of `masters` masters (no replicas) on loopback, each a redis-server with its
 * own port, cluster bus port and directory, joined by `redis-cli --cluster create`. Resolves once
 * every slot is served.
 */
export async function startRedisCluster(
  options: TestRedisOptions & { masters?: number } = {},
): Promise<TestRedisCluster> {
  const root = mkdtempSync(join(tmpdir(), 'hookyard-redis-cluster-'));
  const servers: RedisServerProcess[] = [];
  for (let i = 0; i < (options.masters ?? 3); i++) {
    const [port, busPort] = [await freePort(), await freePort()];
    const dir = join(root, String(port));
    mkdirSync(dir);
    servers.push(
      new RedisServerProcess(port, dir, [
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(busPort),
        '--cluster-config-file',
        'nodes.conf',
        // Lets a cluster whose nodes all restart together agree again within seconds.
        '--cluster-node-timeout',
        '2000',
        ...persistence(options),
      ]),
    );
  }
  const nodes = servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
  const startAll = async () => {
    await Promise.all(servers.map((server) => server.start()));
    await waitForClusterOk(nodes.map((node) => node.port));
  };
  const stopAll = (signal: NodeJS.Signals) =>
    Promise.all(servers.map((server) => server.stop(signal))).then(() => undefined);
  try {
    await Promise.all(servers.map((server) => server.start()));
    await createCluster(nodes.map((node) => `${node.host}:${node.port}`));
    await waitForClusterOk(nodes.map((node) => node.port));
  } catch (error) {
    await stopAll('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    env: { REDIS_CLUSTER_NODES: nodes.map((node) => `${node.host}:${node.port}`).join(',') },
    kill: () => stopAll('SIGKILL'),
    shutdown: () => stopAll('SIGTERM'),
    restart: startAll,
    stop: async () => {
      await stopAll('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function createCluster(addresses: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const cli = spawn(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.once('error', reject);
    cli.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`redis-cli --cluster create exited with ${code}:\n${output}`)),
    );
  });
}

/** Until every node reports `cluster_state:ok` (all slots served, the nodes agree). */
async function waitForClusterOk(ports: number[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const port of ports) {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      while (!(await probe.cluster('INFO')).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} not ok within 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      probe.disconnect();
    }
  }
}
