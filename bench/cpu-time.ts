import { keyOwners } from '@hookyard/queue';
import { ALL_APPS } from '@hookyard/testing';
import { readdirSync, readFileSync } from 'node:fs';
import type { Bench } from './context';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of a process in ticks; zeros when it is gone. */
function processTicks(pid: number): [number, number, number, number] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[11]), Number(fields[12]), Number(fields[13]), Number(fields[14])];
  } catch {
    return [0, 0, 0, 0];
  }
}

/** The parent process id of a process; undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by the bench's PostgreSQL server (bench/postgres-server.ts): the
 * postmaster, its running children (backends, WAL writer, checkpointer, autovacuum), and the
 * children that exited (counted in the postmaster's children times), but not the backends of
 * `benchSessions`: the bench's own queries (whether the delivery log holds a run's attempts) are
 * the measurement's cost, not the stack's.
 */
function postgresSeconds(postmaster: number, benchSessions: ReadonlySet<number>): number {
  const [utime, stime, cutime, cstime] = processTicks(postmaster);
  let ticks = utime + stime + cutime + cstime;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!/^\d+$/.test(entry) || benchSessions.has(pid) || parentOf(pid) !== postmaster) continue;
    const [childUtime, childStime, childCutime, childCstime] = processTicks(pid);
    ticks += childUtime + childStime + childCutime + childCstime;
  }
  return ticks / TICKS_PER_SECOND;
}

export type CpuSnapshot = Record<string, number>;

/**
 * The processes whose CPU is counted, by name (`postgres` is the server's postmaster, counted with
 * its children), and the PostgreSQL backends of the bench's own sessions, which are not.
 */
export interface CountedProcesses {
  pids: Record<string, number | undefined>;
  benchSessions: ReadonlySet<number>;
}

/** CPU seconds used so far by each counted process. */
export function cpuSnapshot({ pids, benchSessions }: CountedProcesses): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  for (const [name, pid] of Object.entries(pids)) {
    if (!pid) continue;
    if (name === 'postgres') {
      snapshot.postgres = postgresSeconds(pid, benchSessions);
      continue;
    }
    const [utime, stime] = processTicks(pid);
    snapshot[name] = (utime + stime) / TICKS_PER_SECOND;
  }
  return snapshot;
}

/** CPU milliseconds per unit of work between two snapshots, by process, and their total. */
export function cpuMsPer(before: CpuSnapshot, after: CpuSnapshot, units: number): Record<string, number> {
  const result: Record<string, number> = {};
  let total = 0;
  for (const name of Object.keys(after)) {
    const ms = ((after[name] - (before[name] ?? 0)) * 1000) / units;
    result[name] = Number(ms.toFixed(3));
    total += ms;
  }
  result.total = Number(total.toFixed(3));
  return result;
}

/**
 * The processes whose CPU time is counted: PostgreSQL, the apps and `extra` ones (replicas), the
 * receiver, Redis (every master of a cluster) and the bench itself.
 */
export async function benchProcesses(
  { stack, receiver, postgres, endToEnd }: Pick<Bench, 'stack' | 'receiver' | 'postgres' | 'endToEnd'>,
  extra: Record<string, number | undefined> = {},
): Promise<() => CountedProcesses> {
  const servers = keyOwners(stack.redis);
  const redisPids = await Promise.all(
    servers.map(async (server) => Number(/process_id:(\d+)/.exec(await server.info('server'))?.[1])),
  );
  const redis = Object.fromEntries(
    redisPids.map((pid, i) => [servers.length === 1 ? 'redis' : `redis-${i + 1}`, pid]),
  );
  const benchSessions = new Set([endToEnd.sessionPid]);
  return () => ({
    pids: {
      postgres: postgres.pid,
      ...Object.fromEntries(ALL_APPS.map((app) => [app, stack.pid(app)])),
      ...extra,
      receiver: receiver.pid,
      ...redis,
      bench: process.pid,
    },
    benchSessions,
  });
}

/** Runs `work` and returns its result with the CPU ms per unit each bench process spent meanwhile. */
export async function withCpuPer<T>(
  processes: () => CountedProcesses,
  units: number,
  work: () => Promise<T>,
): Promise<[T, Record<string, number>]> {
  const before = cpuSnapshot(processes());
  const result = await work();
  return [result, cpuMsPer(before, cpuSnapshot(processes()), units)];
}
