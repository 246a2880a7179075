/**
 * How every app's node process is started, memory-wise, in one place: the image (Dockerfile's CMD
 * and ENV, which the spec checks), `npm start` (tools/start) and the stacks of the e2e tests and
 * the bench (libs/testing) pass these flags before the app's script (appCommand) and add this
 * environment.
 *
 * Without flags V8 sizes the heap from the memory it sees: on the bench's 24 GB machine a 4 GB
 * limit, under which the old generation may grow to 4× what survived the last full collection
 * before the next one (peak RSS 240–320 MB for 40–60 MB of live objects), and in a pod from the
 * pod's memory limit, a different heap than the one measured.
 * - `--heap-growing-percent`: the old generation grows to 1.7× what survived before the next full
 *   collection. A lower `--max-old-space-size` caps the same factor (1.6 at 1 GB), but ties it to
 *   a limit larger than the pods' (k8s/*.yaml).
 * - `--max-old-space-size=384`: a 512 Mi pod holds it with the young generation and the ~65 MB
 *   outside the JavaScript heap.
 * - `--max-semi-space-size=16`: what V8 picks on a large host. With 8 MB the worker's scavenges
 *   ran twice as often, each copying about the same surviving in-flight deliveries.
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates (V8's GC helpers, libuv's pool)
 *   an arena of its own, up to 8 per core, each keeping memory it freed.
 * An app's entry in APP_NODE_FLAG_OVERRIDES replaces the shared flag of the same name, or adds one
 * the shared list does not set.
 * Figures: bench/README.md, Memory.
 */
export const APP_NODE_FLAGS = [
  '--max-semi-space-size=16',
  '--max-old-space-size=384',
  '--heap-growing-percent=70',
];

/**
 * - worker, `--heap-growing-percent=30`: with the shared 70 its old generation grew to 1.7× its
 *   ~48 MB live set under load, and its peak RSS in full bench runs was 200–212 MB (6 runs of 7),
 *   over the 200 MB the pods are sized for; with 30, 177–188 MB in 4 of 4. The price: more full
 *   collections of that live set, ~+10% worker CPU per delivery while the activity stream writes
 *   (none seen in the fan-out and native runs). Figures: bench/README.md, Memory.
 */
export const APP_NODE_FLAG_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  worker: ['--heap-growing-percent=30'],
};

const flagName = (flag: string) => flag.split('=')[0];

/**
 * The node flags `app` starts with: the shared ones, with the app's overrides in their place, and
 * after them its overrides of flags the shared list does not set.
 */
export function appNodeFlags(
  app: string,
  overridesByApp: Readonly<Record<string, readonly string[]>> = APP_NODE_FLAG_OVERRIDES,
): string[] {
  const overrides = overridesByApp[app] ?? [];
  const shared = new Set(APP_NODE_FLAGS.map(flagName));
  return [
    ...APP_NODE_FLAGS.map(
      (flag) => overrides.find((override) => flagName(override) === flagName(flag)) ?? flag,
    ),
    ...overrides.filter((override) => !shared.has(flagName(override))),
  ];
}

export const APP_MEMORY_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
