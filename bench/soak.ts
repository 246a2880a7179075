import { ALL_APPS } from '@hookyard/testing';
import type { Bench } from './context';
import { rssNowMb } from './memory';
import { SOAK_SECONDS } from './settings';
import { round } from './statistics';

export interface Soak {
  seconds: number;
  deliveriesPerSecond: number;
  /** Each app's RSS every 10 s, MB. */
  rssMb: Record<string, number[]>;
}

/** BENCH_SOAK_SECONDS: the fan-out at half `fanOutPerSecond` for that long, each app's RSS sampled. */
export async function soak(bench: Bench, fanOutPerSecond: number): Promise<Soak> {
  const { stack, endToEnd, log } = bench;
  log(`soak: ${SOAK_SECONDS} s at half the fan-out rate`);
  await stack.stopApp('worker');
  await stack.start('worker', { DELIVERY_CLIENT: 'undici' });
  await endToEnd.warmUp(100);
  const rssMb: Record<string, number[]> = {};
  const sampleRss = () => {
    for (const app of ALL_APPS) (rssMb[app] ??= []).push(rssNowMb(stack.pid(app)));
  };
  sampleRss();
  const sampler = setInterval(sampleRss, 10_000);
  const eventsPerSecond = fanOutPerSecond / 2 / 100;
  let result: Soak;
  try {
    const run = await endToEnd.run(Math.round(eventsPerSecond * SOAK_SECONDS), 100, eventsPerSecond);
    result = { seconds: SOAK_SECONDS, deliveriesPerSecond: round(run.deliveriesPerSecond), rssMb };
  } finally {
    clearInterval(sampler);
  }
  sampleRss();
  return result;
}

export function printSoak(result: Soak): void {
  const lines = Object.entries(result.rssMb).map(([app, samples]) => `  ${app}: ${samples.join(' ')}`);
  process.stdout.write(
    `\nSoak ${result.seconds} s at ${result.deliveriesPerSecond} deliveries/s, RSS MB every 10 s:\n${lines.join('\n')}\n`,
  );
}
