import { ChildProcess } from 'node:child_process';

/**
 * Stops an app: SIGTERM, SIGKILL after `graceMs`, resolved once it has exited. An app that
 * already exited — by itself or killed by a signal, when `exitCode` stays null — is not waited for.
 */
export function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(force), done()));
    child.kill('SIGTERM');
  });
}
