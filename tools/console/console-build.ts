import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** What the console's build reads: its own project and the event vocabulary it shares with the server. */
const SOURCES = ['apps/console', 'libs/events/src/event-types.ts', 'package-lock.json'];
export const CONSOLE_OUTPUT = join(ROOT, 'dist/console');
const BUILT_PAGE = join(CONSOLE_OUTPUT, 'index.html');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Is the built console missing, or older than one of its sources? */
export function consoleIsStale(root = ROOT): boolean {
  const page = join(root, 'dist/console/index.html');
  if (!existsSync(page)) return true;
  const built = statSync(page).mtimeMs;
  return SOURCES.map((source) => join(root, source))
    .filter((path) => existsSync(path))
    .some((path) => newestChange(path) > built);
}

/** Runs `vite build` for the console (what `npm run build:console` does), its output to `log`. */
export function buildConsole(
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        join(dirname(require.resolve('vite/package.json')), 'bin/vite.js'),
        'build',
        '--config',
        'apps/console/vite.config.mts',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
    );
    let output = '';
    for (const stream of [child.stdout!, child.stderr!])
      stream.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', fail);
    child.once('exit', (code) => {
      for (const line of output.split('\n').filter(Boolean)) log(line);
      if (code === 0 && existsSync(BUILT_PAGE)) done();
      else fail(new Error(`building the console failed (vite exited with ${code})`));
    });
  });
}

/** Builds the console unless its build is newer than every source; says whether it built. */
export async function ensureConsoleBuilt(log?: (line: string) => void): Promise<boolean> {
  if (!consoleIsStale()) return false;
  await buildConsole(log);
  return true;
}
