import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ReceiverRequest, ReceiverStats } from './receiver-process';
import { ROOT } from './settings';

/** The bench's receiver (receiver-process.ts), driven from here over IPC. */
export interface ReceiverProcess {
  url: string;
  pid: number | undefined;
  stats(): Promise<ReceiverStats>;
  /**
   * The stats once `count` requests arrived, answered by the receiver when the request that
   * reaches it arrives (no polling, which made a run's end up to a poll interval late); null
   * after `timeoutMs`.
   */
  waitFor(count: number, timeoutMs: number): Promise<ReceiverStats | null>;
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
  const call = (command: ReceiverRequest, timeoutMs?: number) =>
    new Promise<{ stats?: ReceiverStats } | null>((done) => {
      const id = ++nextId;
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(null), timeoutMs);
      const listener = (message: { id?: number; stats?: ReceiverStats }) => {
        if (message.id === id) finish(message);
      };
      const finish = (message: { stats?: ReceiverStats } | null) => {
        clearTimeout(timer);
        child.off('message', listener);
        done(message);
      };
      child.on('message', listener);
      child.send({ ...command, id });
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    pid: child.pid,
    stats: async () => (await call({ cmd: 'stats' }))!.stats!,
    waitFor: async (count, timeoutMs) => (await call({ cmd: 'waitFor', count }, timeoutMs))?.stats ?? null,
    reset: async () => void (await call({ cmd: 'reset' })),
    close: () => child.kill('SIGTERM'),
  };
}
