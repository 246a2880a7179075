/*
 * Preloaded into the stack's apps by `BENCH_CPU_PROFILE=1 npm run bench` (NODE_OPTIONS=--require):
 * samples the CPU from start and writes a .cpuprofile (Chrome DevTools format, the same as
 * `node --cpu-prof`) on each SIGUSR2. `--cpu-prof` itself writes only on a normal exit, which the
 * apps' SIGTERM shutdown (re-raising the signal) does not make.
 */
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
const app = (process.argv.find((arg) => /\/src\/main\.[jt]s$/.test(arg)) || 'node').split('/').slice(-3)[0];
const session = new Session();
session.connect();
const start = () => session.post('Profiler.start');
session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, start));
let part = 0;
// Each signal writes the profile since the previous one and starts the next, so the bench can
// profile one phase at a time.
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${app}-${process.pid}-${++part}.cpuprofile`), JSON.stringify(result.profile));
    start();
  });
});
