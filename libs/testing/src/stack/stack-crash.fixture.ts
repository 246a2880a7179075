import { startStack } from './stack';

/**
 * Run as its own process by stack.spec.ts: starts a stack with ingest, prints the app's pid and
 * dies of an uncaught error without stopping the stack.
 */
void (async () => {
  const stack = await startStack({ apps: ['ingest'] });
  process.stdout.write(`${stack.pid('ingest')}\n`);
  throw new Error('the test process crashed');
})();
