import Fastify from 'fastify';
import { AsyncResource } from 'node:async_hooks';
import { parseJsonBodies } from './json-bodies';

/** Fastify with ingest's body parsing; the route echoes what it received, errors show status and type. */
async function post(body: string, headers: Record<string, string>) {
  const fastify = Fastify();
  parseJsonBodies(fastify, 64);
  fastify.setErrorHandler((error: Error & { status?: number; type?: string }, _request, reply) =>
    reply.code(299).send({ status: error.status, type: error.type }),
  );
  fastify.post('/events', async (request) => ({ body: request.body ?? 'none' }));
  const response = await fastify.inject({ method: 'POST', url: '/events', payload: body, headers });
  await fastify.close();
  return response.json();
}

describe('parseJsonBodies', () => {
  it('parses without AsyncResource.bind, whose getters kept each request alive through young GCs', async () => {
    // Node 20's AsyncResource#bind adds util.deprecate getters (Object.setPrototypeOf on new
    // closures); V8 gives each an old-generation map that keeps the request's objects alive until
    // a full GC. Fastify 5.11 bound every body parser's callback; 5.12 does not (package.json
    // overrides the version @nestjs/platform-fastify pins).
    const bind = jest.spyOn(AsyncResource.prototype, 'bind');
    try {
      expect(await post('{"events":[]}', { 'content-type': 'application/json' })).toEqual({
        body: { events: [] },
      });
      expect(bind).not.toHaveBeenCalled();
    } finally {
      bind.mockRestore();
    }
  });

  it('parses every JSON media type, and an empty body as {}, as body-parser does', async () => {
    const distribution = 'application/vnd.docker.distribution.events.v1+json';
    expect(await post('{"events":[]}', { 'content-type': distribution })).toEqual({ body: { events: [] } });
    expect(await post('[1]', { 'content-type': 'application/json; charset=utf-8' })).toEqual({ body: [1] });
    expect(await post('', { 'content-type': 'application/json', 'content-length': '0' })).toEqual({
      body: {},
    });
  });

  it('leaves other types unread for the Content-Type guard instead of answering 415 itself', async () => {
    expect(await post('{"a":1}', { 'content-type': 'text/plain' })).toEqual({ body: 'none' });
    expect(await post('{"a":1}', {})).toEqual({ body: 'none' });
  });

  it("fails with body-parser's errors: malformed JSON, non-object JSON, over the limit, unknown charset", async () => {
    const json = { 'content-type': 'application/json' };
    expect(await post('{"a":', json)).toEqual({ status: 400, type: 'entity.parse.failed' });
    expect(await post('"a"', json)).toEqual({ status: 400, type: 'entity.parse.failed' });
    expect(await post(`{"a":"${'x'.repeat(64)}"}`, json)).toEqual({ status: 413, type: 'entity.too.large' });
    for (const charset of ['latin1', 'utf-7', 'utf-16le'])
      expect(await post('{}', { 'content-type': `application/json; charset=${charset}` })).toEqual({
        status: 415,
        type: 'charset.unsupported',
      });
  });

  it('refuses hostile JSON as every API does', async () => {
    const json = { 'content-type': 'application/json' };
    expect(await post('{"a":"\\u0000"}', json)).toEqual({ status: 400 });
    expect(await post('{"a":1,"a":2}', json)).toEqual({ status: 400 });
  });
});
