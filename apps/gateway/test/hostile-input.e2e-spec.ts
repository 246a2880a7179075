import { basicAuth, mutate, type Mutation, type Stack } from '@hookyard/testing';
import { startRouteStack, type Fixtures, type Route, type RouteStack } from './api-routes';

type Hostile = Extract<Mutation, { kind: 'value' }>['value'];

/** Each hostile value in the first field of a body: the 4xx, and what its message names. */
const HOSTILE_VALUES: Array<[string, Hostile, number]> = [
  ['a NUL byte', { text: 'nul' }, 400],
  ['an unpaired surrogate', { text: 'surrogate' }, 400],
  ['a lone low surrogate', { text: 'low-surrogate' }, 400],
  ['10,000 levels of objects', { text: 'deep' }, 400],
  ['10,000 levels of arrays', { text: 'deep-array' }, 400],
  ['a 1 MB string', { text: 'huge' }, 413],
];

/**
 * Hostile bodies, path parameters and queries on every gateway and ingest route, sent by an
 * admin (who passes every permission check): each gets a 4xx naming the field, and nothing is
 * written to PostgreSQL or the event stream.
 */
describe('hostile input to every route (e2e)', () => {
  let stack: Stack;
  let fixtures: Fixtures;
  let routes: Route[];
  let routeStack: RouteStack;
  let before: Awaited<ReturnType<RouteStack['written']>>;

  beforeAll(async () => {
    routeStack = await startRouteStack();
    ({ stack, fixtures, routes } = routeStack);
    before = await routeStack.written();
  });

  afterAll(async () => {
    await routeStack?.stop();
  });

  afterEach(async () => {
    expect(await routeStack.written()).toEqual(before);
  });

  const send = async (route: Route, changes: Mutation[]) => {
    const request = mutate(route.template, changes);
    const authorization =
      route.app === 'ingest'
        ? `Bearer ${stack.ingestToken}`
        : route.scheme === 'Basic'
          ? basicAuth(fixtures.admin)
          : `${route.scheme} ${fixtures.admin.token}`;
    const response = await fetch(`${stack.url(route.app)}${request.path}`, {
      method: request.method,
      headers: {
        authorization,
        ...(request.body && request.contentType ? { 'content-type': request.contentType } : {}),
      },
      body: request.body,
    });
    return { request, status: response.status, text: await response.text() };
  };

  const name = ({ template }: Route) => `${template.method} /${template.segments.join('/')}`;
  const withBody = () => routes.filter((route) => isObject(route.template.body));
  const withParams = () => routes.filter((route) => route.template.params.length > 0);
  const withQuery = () => routes.filter((route) => route.template.query);

  it.each(HOSTILE_VALUES)('%s in a body field', async (_, value, status) => {
    for (const route of withBody()) {
      const field = Object.keys(route.template.body as object)[0];
      const { status: answered, text } = await send(route, [{ kind: 'value', at: 0, value }]);
      expect(`${name(route)} ${answered}`).toBe(`${name(route)} ${status}`);
      if (status === 400) expect(`${name(route)} ${text}`).toContain(field);
    }
  });

  it.each([
    ['__proto__ as a key', { kind: 'key', at: 0, key: '__proto__' }, 'is not allowed as a key'],
    ['constructor as a key', { kind: 'key', at: 0, key: 'constructor' }, 'is not allowed as a key'],
    ['a key given twice', { kind: 'duplicate-key', at: 0 }, 'is given more than once'],
    ['a NUL byte in a key', { kind: 'key', at: 0, key: 'a\u0000' }, 'must not contain NUL'],
  ] as Array<[string, Mutation, string]>)('%s in a body', async (_, change, message) => {
    for (const route of withBody()) {
      const { status, text } = await send(route, [change]);
      expect(`${name(route)} ${status} ${text}`).toMatch(new RegExp(`^\\S+ \\S+ 400 .*${message}`));
    }
  });

  it.each([
    ['an array for the body', { kind: 'whole-body', value: { json: [] } }],
    ['a wrong type in the first field', { kind: 'value', at: 0, value: { json: 12345 } }],
    ['a huge number in the first field', { kind: 'value', at: 0, value: { raw: '1e999' } }],
    ['random bytes for the body', { kind: 'random-body', bytes: [0xff, 0xfe, 0x00, 0x7b, 0x22] }],
    ['a truncated body', { kind: 'truncate', at: 7 }],
  ] as Array<[string, Mutation]>)('%s: a 4xx', async (_, change) => {
    for (const route of withBody()) {
      const { status, text } = await send(route, [change]);
      expect(`${name(route)} ${status} ${text}`).toMatch(/^\S+ \S+ 4\d\d /);
    }
  });

  it.each([
    ['a NUL byte', '%00', /"\w+ must not contain NUL characters"/],
    ['an unpaired surrogate', '%ED%A0%80', /Failed to decode param/],
    ['invalid UTF-8', '%FF', /Failed to decode param/],
    ['300 characters', 'a'.repeat(300), /"\w+ must be at most 255 characters"/],
  ])('%s in a path parameter: 400 naming it', async (_, value, message) => {
    for (const route of withParams()) {
      for (const at of route.template.params.keys()) {
        const { status, text } = await send(route, [{ kind: 'param', at, value }]);
        expect(`${name(route)} [${at}] ${status} ${text}`).toMatch(new RegExp(`^\\S+ \\S+ \\[${at}\\] 400 `));
        expect(text).toMatch(message);
      }
    }
  });

  it.each([
    ['a NUL byte', '%00', 'must not contain NUL characters'],
    ['2,000 characters', 'x'.repeat(2000), 'must be at most 1024 characters'],
  ])('%s in a query value: 400 naming it', async (_, value, message) => {
    for (const route of withQuery()) {
      const query = Object.keys(route.template.query!)[0];
      const { status, text } = await send(route, [{ kind: 'query', name: query, value, repeat: false }]);
      expect(`${name(route)} ${status} ${text}`).toMatch(/^\S+ \S+ 400 /);
      expect(text).toContain(`${query} ${message}`);
    }
  });

  it('a query parameter given twice: 400 naming it', async () => {
    const route = routes.find(({ template }) => template.query?.username && template.method === 'GET')!;
    const { status, text } = await send(route, [
      { kind: 'query', name: 'username', value: 'other', repeat: true },
    ]);
    expect(status).toBe(400);
    expect(text).toContain('username must be given once');
  });

  it('names nested fields by their path', async () => {
    const quay = routes.find(({ template }) => template.segments.includes('notification') && template.body)!;
    // Depth first: body.event, body.method, body.config, body.config.url
    const { text } = await send(quay, [{ kind: 'value', at: 3, value: { text: 'nul' } }]);
    expect(JSON.parse(text)).toMatchObject({
      status: 400,
      detail: 'config.url must not contain NUL characters',
    });
  });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
