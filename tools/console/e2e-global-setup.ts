import { ensureConsoleBuilt } from './console-build';

/** The browser tests load the console the gateway serves: build it first when its sources changed. */
export default async function globalSetup(): Promise<void> {
  if (await ensureConsoleBuilt()) process.stdout.write('\nbuilt the console for the end-to-end tests\n');
}
