import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ReceiverCommand, ReceiverStats } from './receiver-process';
import { ROOT } from './settings';

/** The bench's receiver (receiver-process.ts), driven from here over IPC. */
export interface ReceiverProcess {
  url: string;
  pid: number | undefined;
  stats(): Promise<ReceiverStats>;
  reset(): Promise<void>;
  close(): void;
}

export async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child: ChildProcess = fork(join(__dirname, 'receiver-process.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    cwd: ROOT,
  });
  const port = await new Promise<number>((done, fail) => {
    child.once('message', (message: { port: number }) => done(message.port));
    child.once('exit', (code) => fail(new Error(`receiver exited with ${code}`)));
  });
  let nextId = 0;
  const call = (cmd: ReceiverCommand['cmd']) =>
    new Promise<{ stats?: ReceiverStats }>((done) => {
      const id = ++nextId;
      const listener = (message: { id?: number; stats?: ReceiverStats }) => {
        if (message.id !== id) return;
        child.off('message', listener);
        done(message);
      };
      child.on('message', listener);
      child.send({ cmd, id });
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    pid: child.pid,
    stats: async () => (await call('stats')).stats!,
    reset: async () => void (await call('reset')),
    close: () => child.kill('SIGTERM'),
  };
}
