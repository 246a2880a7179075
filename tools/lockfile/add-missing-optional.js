#!/usr/bin/env node
/*
 * The npm registry mirror here serves only the platform packages of this machine's kind, so
 * `npm install` leaves other platforms' optional binaries (darwin, win32, ...) out of
 * package-lock.json and `npm ci` then refuses the lockfile as out of sync. This records each
 * missing optional dependency as an optional entry; `npm ci` tries it, finds it unavailable
 * and skips it, as it does for any optional dependency that cannot be installed.
 * Run after `npm install` whenever package-lock.json changes.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const path = `${__dirname}/../../package-lock.json`;
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...(entry.dev ? { dev: true } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform packages`);
