import { appCommand } from './app-command';
import { appNodeFlags } from './app-memory-settings';

describe('appCommand', () => {
  it.each(['worker', 'gateway'])(
    'starts the build and the sources of the %s with the memory flags the image uses, before the script',
    (app) => {
      const flags = appNodeFlags(app);
      expect(appCommand(app, 'build')).toEqual([...flags, `dist/apps/${app}/src/main.js`]);
      expect(appCommand(app, 'source').slice(0, flags.length)).toEqual(flags);
    },
  );
});
