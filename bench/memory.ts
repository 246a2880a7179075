import { ALL_APPS, type Stack } from '@hookyard/testing';
import { readFileSync } from 'node:fs';
import { round } from './statistics';

function statusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  if (!pid) return NaN;
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? round(Number(match[1]) / 1024) : NaN;
}

/** Current resident memory (VmRSS) of a process, in MB. */
export const rssNowMb = (pid: number | undefined) => statusMb(pid, 'VmRSS');

/** Peak resident memory (VmHWM) of a process so far, in MB. */
export const peakRssMb = (pid: number | undefined) => statusMb(pid, 'VmHWM');

/** The highest peak resident memory (VmHWM) of each app seen so far, in MB; apps restart during a run. */
export class PeakRss {
  readonly mb: Record<string, number> = {};

  constructor(private readonly stack: Stack) {}

  note(): void {
    for (const app of ALL_APPS) this.mb[app] = Math.max(this.mb[app] ?? 0, peakRssMb(this.stack.pid(app)));
  }
}
