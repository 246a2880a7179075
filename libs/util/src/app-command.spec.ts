import { appCommand } from './app-command';
import { APP_NODE_FLAGS } from './app-memory-settings';

describe('appCommand', () => {
  it('starts the build and the sources with the memory flags the image uses, before the script', () => {
    expect(appCommand('worker', 'build')).toEqual([...APP_NODE_FLAGS, 'dist/apps/worker/src/main.js']);
    expect(appCommand('worker', 'source').slice(0, APP_NODE_FLAGS.length)).toEqual(APP_NODE_FLAGS);
  });
});
