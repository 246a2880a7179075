import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../eventually';
import { freePort } from './free-port';
import { startStack } from './stack';

jest.setTimeout(90_000);

describe('freePort', () => {
  it('never hands out a port twice, even one released since', async () => {
    const ports = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('startStack', () => {
  let squatter: Server | undefined;

  afterEach(() => squatter?.close());

  it('refuses an app whose port another process answers on, ready as that process looks', async () => {
    squatter = createServer((_request, response) => response.end('{"status":"ok"}'));
    const port = await new Promise<number>((resolve) =>
      squatter!.listen(0, '0.0.0.0', () => resolve((squatter!.address() as { port: number }).port)),
    );
    await expect(startStack({ apps: ['ingest'], env: { INGEST_PORT: String(port) } })).rejects.toThrow(
      `http://127.0.0.1:${port} exited with 1`,
    );
  });

  it('takes its apps down with the process that started it when that process crashes', async () => {
    const crashed = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'stack-crash.fixture.ts')],
      { cwd: join(__dirname, '../../../..') },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(crashed).toMatchObject({ code: 1, stderr: expect.stringContaining('the test process crashed') });
    const pid = Number(crashed.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // Killed as the crashed process exited; gone once reaped.
    await eventually(async () => (isRunning(pid) ? undefined : true), 5_000);
  });
});

/** Whether `pid` is a live process (a zombie, killed but not yet reaped, is not). */
function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
