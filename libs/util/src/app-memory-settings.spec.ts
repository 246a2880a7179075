import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MEMORY_ENV, APP_NODE_FLAGS } from './app-memory-settings';

describe('the apps’ memory settings', () => {
  const dockerfile = readFileSync(join(__dirname, '../../../Dockerfile'), 'utf8');

  it('are the flags the image starts every app with', () => {
    expect(dockerfile).toContain(`exec node ${APP_NODE_FLAGS.join(' ')} dist/apps/\${APP}/src/main.js`);
  });

  it('are the environment the image sets', () => {
    for (const [name, value] of Object.entries(APP_MEMORY_ENV)) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
  });
});
