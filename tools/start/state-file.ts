import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A value `npm start` keeps across restarts in `<stateDir>/<name>` (owner-only): read when the file
 * exists, otherwise generated and written once. `created` says which.
 */
export function readOrCreateStateFile(
  stateDir: string,
  name: string,
  generate: () => string,
): { value: string; created: boolean; file: string } {
  const file = join(stateDir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false, file };
  const value = generate();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true, file };
}
