import { PROBE_PATHS } from '@hookyard/observability';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import serveStatic from 'serve-static';

/** Paths the APIs own: the console never answers under them, even for a browser asking for HTML. */
const API_PATHS = ['api', 'v1', ...PROBE_PATHS];

/**
 * The console's page: scripts and styles only from this origin (no inline code), no framing, and
 * requests only back to the gateway.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The built console (`npm run build:console` writes it to dist/console at the repository root). */
export function defaultConsoleDirectory(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) {
    directory = dirname(directory);
  }
  return resolve(directory, 'dist/console');
}

export function isApiPath(path: string): boolean {
  const first = path.split('/')[1] ?? '';
  return API_PATHS.includes(first);
}

/**
 * Serves the web console: its hashed assets (cached for good) and, for any other page a browser
 * navigates to (Accept: text/html) outside the API paths, index.html, so client-side routes load on
 * reload or from a link.
 * Requests it does not answer go on to the APIs (and their JSON 404).
 */
export function consoleAssets(directory = defaultConsoleDirectory()): RequestHandler {
  const indexFile = join(directory, 'index.html');
  const assets = serveStatic(directory, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader(
        'Cache-Control',
        path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  let index: string | undefined;
  const page = (): string | undefined => {
    // Read once it exists: the console may be built while the gateway already runs.
    if (index === undefined && existsSync(indexFile)) index = readFileSync(indexFile, 'utf8');
    return index;
  };

  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path)) return next();
    assets(request, response, () => {
      // Only what a browser navigates to: it asks for text/html by name; API clients (`*/*`) keep
      // getting the APIs' JSON 404 for a path nothing serves.
      if (request.path.startsWith('/assets/') || !/\btext\/html\b/.test(request.headers.accept ?? '')) {
        return next();
      }
      const html = page();
      response.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      if (html === undefined) {
        response
          .status(503)
          .type('text/plain')
          .send(
            'The Hookyard console is not built: run `npm run build:console` (npm start does it for you).\n',
          );
        return;
      }
      response.status(200).type('html').send(html);
    });
  };
}
