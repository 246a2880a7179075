import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The console is a static single-page app the gateway serves from dist/console. JSX is compiled
 * for Preact by Vite's own transformer (no Babel preset needed). Vite's dev server (`npx nx serve
 * console`) proxies the API paths to a gateway on :3000.
 */
export default defineConfig({
  root: here,
  base: '/',
  // The event vocabulary is shared with the server: one list, read from libs/events.
  resolve: { alias: { '@hookyard/events': resolve(here, '../../libs/events/src') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(here, '../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline module-preload polyfill or data: scripts: the page's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/v1', '/healthz', '/readyz', '/metrics'].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
});
