import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuth, RegistryCredentials, simpleRequest } from './registry-http';

export const SKOPEO_BINARY = process.env.HOOKYARD_SKOPEO_BINARY ?? '/usr/bin/skopeo';

export interface SkopeoCopyOptions {
  credentials?: RegistryCredentials;
  /** `--all`: copy every manifest of a multi-arch image instead of the host platform's. */
  all?: boolean;
  timeoutMs?: number;
}

export interface SkopeoInspectOptions {
  credentials?: RegistryCredentials;
  /** `--raw`: the manifest (or index) as stored, instead of skopeo's summary of the host platform image. */
  raw?: boolean;
  timeoutMs?: number;
}

function dockerReference(ref: string): string {
  return ref.startsWith('docker://') ? ref : `docker://${ref}`;
}

function credentialsArg(credentials: RegistryCredentials): string {
  return `${credentials.username}:${credentials.password}`;
}

/**
 * Runs skopeo in a throwaway sandbox: temp files, auth file and XDG dirs all point into it, so nothing
 * reads or writes the user's home, and `--insecure-policy` makes /etc/containers/policy.json optional.
 */
async function runSkopeo(args: string[], timeoutMs: number): Promise<string> {
  const sandbox = await mkdtemp(join(tmpdir(), 'hookyard-skopeo-'));
  const authFile = join(sandbox, 'auth.json');
  const [command, ...rest] = args;
  const fullArgs = ['--insecure-policy', '--tmpdir', sandbox, command, '--authfile', authFile, ...rest];
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        SKOPEO_BINARY,
        fullArgs,
        {
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          env: {
            ...process.env,
            HOME: sandbox,
            TMPDIR: sandbox,
            XDG_CONFIG_HOME: join(sandbox, 'config'),
            XDG_DATA_HOME: join(sandbox, 'data'),
            XDG_CACHE_HOME: join(sandbox, 'cache'),
            REGISTRY_AUTH_FILE: authFile,
          },
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const shown = fullArgs.map((arg, i) =>
            /^--(dest-)?creds$/.test(fullArgs[i - 1] ?? '') ? '***' : arg,
          );
          reject(
            new Error(
              `skopeo ${shown.join(' ')} failed (${error.killed ? `killed after ${timeoutMs} ms` : `exit ${error.code}`}):\n${stderr.trim()}`,
            ),
          );
        },
      );
    });
  } finally {
    await rm(sandbox, { recursive: true, force: true });
  }
}

/**
 * `skopeo copy oci:<layoutDir> docker://<destination>` over plain HTTP.
 * `destination` is `host:port/repo:tag` (a `docker://` prefix is optional).
 */
export async function skopeoCopy(
  layoutDir: string,
  destination: string,
  options: SkopeoCopyOptions = {},
): Promise<void> {
  const args = ['copy', '--dest-tls-verify=false', '--retry-times', '0'];
  if (options.credentials) args.push('--dest-creds', credentialsArg(options.credentials));
  if (options.all) args.push('--all');
  args.push(`oci:${layoutDir}`, dockerReference(destination));
  await runSkopeo(args, options.timeoutMs ?? 60000);
}

/**
 * `skopeo inspect` of `host:port/repo:tag` or `host:port/repo@digest`; this pulls the manifest (and
 * without `raw` the config blob), so the registry emits pull events. Returns the parsed JSON output.
 */
export async function skopeoInspect(ref: string, options: SkopeoInspectOptions = {}): Promise<unknown> {
  const args = ['inspect', '--tls-verify=false', '--retry-times', '0'];
  if (options.credentials) args.push('--creds', credentialsArg(options.credentials));
  if (options.raw) args.push('--raw');
  args.push(dockerReference(ref));
  return JSON.parse(await runSkopeo(args, options.timeoutMs ?? 30000)) as unknown;
}

/** DELETE /v2/<repo>/manifests/<digest>; the registry answers 202 and emits delete events. */
export async function deleteManifest(
  registryUrl: string,
  repo: string,
  digest: string,
  credentials?: RegistryCredentials,
): Promise<void> {
  const url = `${registryUrl.replace(/\/+$/, '')}/v2/${repo}/manifests/${digest}`;
  const response = await simpleRequest(
    'DELETE',
    url,
    credentials ? { Authorization: basicAuth(credentials) } : {},
  );
  if (response.status !== 202) {
    throw new Error(`DELETE ${url} answered ${response.status}: ${response.body.trim()}`);
  }
}
