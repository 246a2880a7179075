import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { htpasswdLine } from './htpasswd';
import { freePort } from '../stack/free-port';
import { tailFile, trackChild, waitForExit } from '../process/child-processes';
import { RegistryCredentials, simpleRequest } from './registry-http';

export const REGISTRY_BINARY = process.env.HOOKYARD_REGISTRY_BINARY ?? '/usr/bin/docker-registry';

export interface RegistryOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Notification endpoint (named `hookyard` in the registry config). */
  notifyUrl?: string;
  /** Sent as `Authorization: Bearer <token>` with every notification. */
  notifyToken?: string;
  /** Enables htpasswd auth with this single user. */
  htpasswd?: RegistryCredentials;
  /** Storage root; defaults to a directory inside the registry's temp dir. Kept on stop() when given. */
  rootDir?: string;
  startTimeoutMs?: number;
}

export interface RunningRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the prefix of image references. */
  host: string;
  port: number;
  rootDir: string;
  configPath: string;
  /** stdout and stderr of the registry process. */
  logPath: string;
  /** Last lines of the registry log, for failure messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

function registryConfig(
  options: RegistryOptions,
  port: number,
  rootDir: string,
  htpasswdPath?: string,
): object {
  return {
    version: 0.1,
    log: { level: 'info', formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: rootDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    // An explicit secret only silences the startup warning; uploads never span registry instances here.
    http: { addr: `127.0.0.1:${port}`, secret: randomUUID() },
    ...(htpasswdPath ? { auth: { htpasswd: { realm: 'hookyard', path: htpasswdPath } } } : {}),
    ...(options.notifyUrl
      ? {
          notifications: {
            endpoints: [
              {
                name: 'hookyard',
                url: options.notifyUrl,
                ...(options.notifyToken
                  ? { headers: { Authorization: [`Bearer ${options.notifyToken}`] } }
                  : {}),
                timeout: '1s',
                threshold: 5,
                backoff: '1s',
              },
            ],
          },
        }
      : {}),
  };
}

// Distribution lets REGISTRY_* variables override any config key, so a stray one in the test
// environment (e.g. REGISTRY_HTTP_ADDR from CI) would silently change the registry under test.
function registryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
}

async function launch(options: RegistryOptions, workDir: string, port: number): Promise<RunningRegistry> {
  const rootDir = options.rootDir ?? join(workDir, 'storage');
  mkdirSync(rootDir, { recursive: true });
  let htpasswdPath: string | undefined;
  if (options.htpasswd) {
    htpasswdPath = join(workDir, 'htpasswd');
    writeFileSync(htpasswdPath, htpasswdLine(options.htpasswd.username, options.htpasswd.password), {
      mode: 0o600,
    });
  }
  const configPath = join(workDir, 'config.yml');
  writeFileSync(configPath, stringify(registryConfig(options, port, rootDir, htpasswdPath)));
  const logPath = join(workDir, `registry-${port}.log`);
  const logFd = openSync(logPath, 'a');
  let child;
  try {
    child = spawn(REGISTRY_BINARY, ['serve', configPath], {
      cwd: workDir,
      env: registryEnv(),
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  trackChild(child);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 15000);
  const fail = async (reason: string): Promise<never> => {
    child.kill('SIGKILL');
    await waitForExit(child, 2000);
    throw new Error(`docker-registry on port ${port} ${reason}; last log lines:\n${tailFile(logPath)}`);
  };
  for (;;) {
    const error = await Promise.race([
      spawnError,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)),
    ]);
    if (error)
      return fail(`could not be started (${error.message}); is the docker-registry package installed?`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`exited with ${child.exitCode ?? child.signalCode} before serving /v2/`);
    }
    try {
      const { status } = await simpleRequest('GET', `${url}/v2/`, {}, 1000);
      if (status === 200 || status === 401) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) return fail('did not answer GET /v2/ in time');
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    host: `127.0.0.1:${port}`,
    port,
    rootDir,
    configPath,
    logPath,
    logTail: (lines = 30) => tailFile(logPath, lines),
    stop: () =>
      (stopping ??= (async () => {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 5000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5000);
        }
        rmSync(workDir, { recursive: true, force: true });
      })()),
  };
}

/**
 * Starts CNCF Distribution (`docker-registry serve`) on 127.0.0.1 with filesystem storage and deletes
 * enabled; resolves once GET /v2/ answers.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(`${REGISTRY_BINARY} not found: install the Debian package docker-registry`);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'hookyard-registry-'));
  // A free port found by binding port 0 can be taken again before the registry binds it; retry then.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await launch(options, workDir, port);
    } catch (error) {
      const log = join(workDir, `registry-${port}.log`);
      const portTaken = existsSync(log) && /address already in use/.test(readFileSync(log, 'utf8'));
      if (!portTaken || options.port || attempt >= 3) {
        rmSync(workDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
