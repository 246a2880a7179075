import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MEMORY_ENV, APP_NODE_FLAG_OVERRIDES, APP_NODE_FLAGS, appNodeFlags } from './app-memory-settings';

describe('the apps’ memory settings', () => {
  const dockerfile = readFileSync(join(__dirname, '../../../Dockerfile'), 'utf8');

  it('are the flags the image starts each app with', () => {
    const cases = Object.keys(APP_NODE_FLAG_OVERRIDES).map(
      (app) => `${app}) FLAGS='${appNodeFlags(app).join(' ')}';;`,
    );
    expect(dockerfile).toContain(
      `case $APP in ${cases.join(' ')} *) FLAGS='${APP_NODE_FLAGS.join(' ')}';; esac; ` +
        `exec node $FLAGS dist/apps/\${APP}/src/main.js`,
    );
  });

  it('give an app its overrides in place of the shared flags of the same name', () => {
    expect(appNodeFlags('gateway')).toEqual(APP_NODE_FLAGS);
    expect(appNodeFlags('worker')).toEqual([
      '--max-semi-space-size=16',
      '--max-old-space-size=384',
      '--heap-growing-percent=30',
    ]);
  });

  it("add an app's overrides of flags the shared list does not set after the shared flags", () => {
    expect(appNodeFlags('worker', { worker: ['--stack-size=2000', '--max-old-space-size=256'] })).toEqual([
      '--max-semi-space-size=16',
      '--max-old-space-size=256',
      '--heap-growing-percent=70',
      '--stack-size=2000',
    ]);
  });

  it('are the environment the image sets', () => {
    for (const [name, value] of Object.entries(APP_MEMORY_ENV)) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
  });
});
