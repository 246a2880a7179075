import { buildConsole } from './console-build';

/** `npm run build:console`: the web console into dist/console, which the gateway serves at /. */
buildConsole().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
