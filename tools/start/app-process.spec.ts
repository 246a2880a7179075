import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stopChild } from './app-process';

describe('stopChild', () => {
  it('returns at once for an app a signal already killed (npm start must not hang on it)', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(child.exitCode).toBeNull();
    await stopChild(child, 60_000);
  });

  it('stops a running app with SIGTERM, and one that ignores it with SIGKILL after the grace time', async () => {
    const polite = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    await stopChild(polite);
    expect(polite.signalCode).toBe('SIGTERM');

    const stubborn = spawn(process.execPath, [
      '-e',
      "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
    ]);
    await once(stubborn.stdout!, 'data');
    await stopChild(stubborn, 200);
    expect(stubborn.signalCode).toBe('SIGKILL');
  });
});
