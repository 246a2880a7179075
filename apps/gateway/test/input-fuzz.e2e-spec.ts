import { loadConfig } from '@hookyard/config';
import { basicAuth, mutate, mutations, type FuzzRequest, type Stack } from '@hookyard/testing';
import fc from 'fast-check';
import { ALAUDA_SECRET, startRouteStack, type Fixtures, type Route, type RouteStack } from './api-routes';

/**
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS changes the number of requests. FUZZ_BUDGET_MS bounds
 * the time spent sending them: on a machine too busy to send them all in it, the run stops there
 * and says how many it sent (the test stays within jest's timeout, and what was sent was checked).
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 70_000);
/**
 * Requests sent at once; after each window what PostgreSQL and the stream hold is compared with
 * before it, so a change is pinned on the few requests that can have made it.
 */
const WINDOW = 8;

interface Outcome {
  request: FuzzRequest;
  app: Route['app'];
  /** 0: no answer was read. */
  status: number;
  body: string;
  /** No answer was read, and ingest may close without one (see mayCloseUnread). */
  closedUnread?: boolean;
}

/**
 * 10,000 random and mutated requests (truncated, retyped, hostile strings, deep nesting, random
 * bytes, wrong content types, odd path parameters and queries) across every gateway and ingest
 * route, as an admin, a plain user, nobody and a stranger: never a 5xx, nothing written by a
 * refused request, and both processes still healthy.
 */
describe(`hostile input fuzz (e2e, seed ${SEED})`, () => {
  let stack: Stack;
  let fixtures: Fixtures;
  let routes: Route[];
  let routeStack: RouteStack;
  let ingestBodyLimit: number;

  beforeAll(async () => {
    routeStack = await startRouteStack();
    ({ stack, fixtures, routes } = routeStack);
    ingestBodyLimit = loadConfig(stack.env).ingest.bodyLimitBytes;
  });

  afterAll(async () => {
    await routeStack?.stop();
  });

  it(
    `answers ${RUNS} hostile requests with no 5xx and writes nothing for a refused one`,
    async () => {
      const identities = [
        basicAuth(fixtures.admin),
        basicAuth(fixtures.user),
        undefined,
        `Basic ${Buffer.from('admin:not-the-token').toString('base64')}`,
      ];
      const cases = fc.sample(
        fc.record({ route: fc.nat(routes.length - 1), identity: fc.nat(identities.length - 1), mutations }),
        { seed: SEED, numRuns: RUNS },
      );
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let { rows, stream: streamLength } = await routeStack.written();
      const deadline = Date.now() + BUDGET_MS;
      let sent = 0;

      for (
        let start = 0;
        start < cases.length && failures.length < 20 && Date.now() < deadline;
        start += WINDOW
      ) {
        const window = cases.slice(start, start + WINDOW);
        const outcomes = await Promise.all(
          window.map(({ route, identity, mutations: changes }) => {
            const { app, scheme, template } = routes[route];
            const credential = identities[identity];
            const authorization =
              app === 'ingest'
                ? identity < 2
                  ? `Bearer ${stack.ingestToken}`
                  : credential
                : credential && scheme !== 'Basic' && identity < 2
                  ? `${scheme} ${identity === 0 ? fixtures.admin.token : fixtures.user.token}`
                  : credential;
            const request = mutate(template, changes);
            // A body declared over ingest's limit, sent without a valid token, is never read: the
            // 401 closes the connection, and a client still writing may see the close first.
            const mayCloseUnread =
              app === 'ingest' &&
              identity >= 2 &&
              request.method !== 'GET' &&
              (request.body?.length ?? 0) > ingestBodyLimit;
            return send(stack.url(app), request, authorization, app, mayCloseUnread);
          }),
        );
        sent += outcomes.length;
        for (const outcome of outcomes) {
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          if (outcome.status >= 500 || (outcome.status === 0 && !outcome.closedUnread))
            failures.push(`${outcome.status} ${outcome.request.description}: ${outcome.body.slice(0, 300)}`);
        }
        const wrote = outcomes.some(
          ({ status, request, app }) => app === 'gateway' && status < 300 && request.method !== 'GET',
        );
        const emitted = outcomes.some(({ status, app }) => app === 'ingest' && status === 202);
        const { rows: nowRows, stream: nowLength } = await routeStack.written();
        if (!wrote && !emitted && nowRows !== rows)
          failures.push(`rows changed by refused requests: ${outcomes.map(summary).join(' | ')}`);
        // The gateway appends REPO_* for the repositories its requests create, change or delete.
        if (!emitted && !wrote && nowLength !== streamLength)
          failures.push(`stream entries written by refused requests: ${outcomes.map(summary).join(' | ')}`);
        rows = nowRows;
        streamLength = nowLength;
      }

      const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      if (sent < cases.length && failures.length === 0)
        console.warn(
          `seed ${SEED}: ${sent} of ${cases.length} requests sent within ${BUDGET_MS} ms (${seen.join(' ')})`,
        );
      expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
      // The fuzz reached past authentication and validation: some requests were served.
      expect(seen.join(' ')).toMatch(/\b2\d\d×/);
      expect(seen.join(' ')).toMatch(/\b400×/);
    },
    BUDGET_MS + 60_000,
  );

  it('leaves both processes healthy and keeps secrets out of their logs', async () => {
    for (const app of ['gateway', 'ingest'] as const) {
      expect((await fetch(`${stack.url(app)}/healthz`)).status).toBe(200);
      expect((await fetch(`${stack.url(app)}/readyz`)).status).toBe(200);
      const logs = stack.logs(app);
      for (const secret of [ALAUDA_SECRET, stack.adminToken, fixtures.user.token, stack.ingestToken])
        expect(logs.includes(secret)).toBe(false);
    }
  });
});

function summary({ status, request }: Outcome): string {
  return `${status} ${request.description.slice(0, 300)}`;
}

async function send(
  origin: string,
  request: FuzzRequest,
  authorization: string | undefined,
  app: Route['app'],
  mayCloseUnread: boolean,
): Promise<Outcome> {
  const withBody = request.body !== undefined && request.method !== 'GET';
  try {
    const response = await fetch(`${origin}${request.path}`, {
      method: request.method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(withBody && request.contentType ? { 'content-type': request.contentType } : {}),
      },
      body: withBody ? request.body : undefined,
    });
    return { request, app, status: response.status, body: await response.text() };
  } catch (error) {
    const body = `no answer: ${String((error as Error).cause ?? error)}`;
    return { request, app, status: 0, body, closedUnread: mayCloseUnread };
  }
}
