import type { RedisTopology } from '@hookyard/testing';
import { join, resolve } from 'node:path';

/** The bench's environment flags, read once (see bench/README.md). */
export const ROOT = resolve(__dirname, '..');
/** BENCH_SCALE=0.2 runs a smaller load: every count is scaled, with at least 10. */
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const scaled = (count: number) => Math.max(10, Math.round(count * SCALE));
/** BENCH_CPU_PROFILE=1 also profiles ingest, the dispatcher and the worker into tmp/cpu-profiles. */
export const PROFILE_DIR = process.env.BENCH_CPU_PROFILE ? join(ROOT, 'tmp', 'cpu-profiles') : undefined;
/**
 * BENCH_QUICK=latency: only the 1-subscription runs at the max rate and at half of it. Both print and
 * leave results.json alone.
 * BENCH_QUICK=1: only the one-worker fan-out rounds, printed and not written to results.json; for
 * comparing a change on the hot path in under a minute.
 * BENCH_QUICK=replicas: only the fan-out rounds through 2 ingest, 2 dispatchers and 3 workers, printed.
 * BENCH_QUICK=ordered: one subscription, unordered then ordered, alternated: throughput and latency, printed.
 * BENCH_QUICK=activity: the activity stream's recorder off and on, alternated: CPU per delivery, printed.
 */
export const QUICK = process.env.BENCH_QUICK;
/** BENCH_STACK_ENV=DELIVERY_BATCH_SIZE=100,WORKER_CONCURRENCY=64: settings for the stack's apps, to compare. */
export const STACK_ENV = Object.fromEntries(
  (process.env.BENCH_STACK_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((setting) => setting.split('=', 2)),
) as Record<string, string>;
/** BENCH_SOAK_SECONDS=300 adds a soak at half the fan-out rate, sampling each app's RSS. */
export const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
/** The Redis of the BullMQ sub-ceiling (the stack's own comes from the test harness). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * BENCH_REDIS_CLUSTER=1: the stack runs on a 3-master Redis Cluster on loopback (started for the
 * run) instead of the machine's Redis. The BullMQ sub-ceiling stays on the machine's Redis.
 */
export const REDIS_TOPOLOGY: RedisTopology = process.env.BENCH_REDIS_CLUSTER === '1' ? 'cluster' : 'single';
/**
 * BENCH_SCALE_LISTINGS=1: only the listings at scale (100,000 subscriptions, 1,000,000 delivery-log
 * rows): page times, the gateway's memory while streaming a whole listing, the dispatcher's index.
 */
export const SCALE_LISTINGS = process.env.BENCH_SCALE_LISTINGS === '1';
