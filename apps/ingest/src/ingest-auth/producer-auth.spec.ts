import Fastify from 'fastify';
import { authenticateProducers, ProducerTokens } from './producer-auth';

const TOKEN = 'scanner-token-0123456789';
const BODY_LIMIT = 16;

/** Fastify with the hook, a producer route and an open one; records whether a body parser ran. */
async function app() {
  const fastify = Fastify();
  authenticateProducers(fastify, new ProducerTokens(new Map([[TOKEN, 'scanner']])), BODY_LIMIT);
  const parsed: string[] = [];
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    parsed.push(request.url);
    done(null, body);
  });
  fastify.post('/events', { config: { producerAuthenticated: true } }, async (request) => ({
    producer: request.producer,
  }));
  fastify.post('/open', async () => ({ open: true }));
  return { fastify, parsed };
}

describe('authenticateProducers', () => {
  it('answers 401 before any body parser runs; closes the connection when the body is over the limit', async () => {
    const { fastify, parsed } = await app();
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`]) {
      for (const [payload, connection] of [
        ['{"x":1}', 'keep-alive'],
        [JSON.stringify({ x: 'x'.repeat(BODY_LIMIT) }), 'close'],
      ]) {
        const response = await fastify.inject({
          method: 'POST',
          url: '/events',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          payload,
        });
        expect(response.statusCode).toBe(401);
        expect(response.headers.connection).toBe(connection);
        expect(response.json()).toMatchObject({
          statusCode: 401,
          message: expect.stringMatching(/ingest token/),
        });
      }
    }
    expect(parsed).toEqual([]);
    await fastify.close();
  });

  it("passes a known token's producer to the route, and leaves other routes alone", async () => {
    const { fastify, parsed } = await app();
    const response = await fastify.inject({
      method: 'POST',
      url: '/events',
      headers: { authorization: `bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.json()).toEqual({ producer: 'scanner' });
    const open = await fastify.inject({ method: 'POST', url: '/open', payload: '{}' });
    expect(open.json()).toEqual({ open: true });
    expect(parsed).toEqual(['/events', '/open']);
    await fastify.close();
  });
});
