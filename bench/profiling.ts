import type { AppName, Stack } from '@hookyard/testing';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './concurrency';
import { summarizeProfiles } from './cpu-profile-summary';
import { PROFILE_DIR } from './settings';

/** BENCH_CPU_PROFILE: empties the profile folder and returns the apps' environment that preloads the profiler (cpu-profile.js). */
export function prepareProfiling(): Record<string, string> {
  if (!PROFILE_DIR) return {};
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  return {
    NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile.js')}`,
    BENCH_CPU_PROFILE_DIR: PROFILE_DIR,
  };
}

/** Ends the current profile part of each app, so the next phase is profiled on its own. */
export async function profilePhase(stack: Stack, apps: AppName[]): Promise<void> {
  if (!PROFILE_DIR) return;
  for (const app of apps) process.kill(stack.pid(app)!, 'SIGUSR2');
  await sleep(2000);
}

/** Top functions of each profile written, or nothing when not profiling. */
export function profileSummary(): string[] {
  return PROFILE_DIR ? summarizeProfiles(PROFILE_DIR) : [];
}

export function printProfileSummary(lines: string[]): void {
  process.stdout.write(`\nCPU profile (self time):\n${lines.join('\n')}\n`);
}
