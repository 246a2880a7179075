import Fastify from 'fastify';
import pino from 'pino';
import { redactionOptions } from './log-redaction';
import { logFastifyRequests } from './request-log';

interface LogLine {
  level: number;
  msg: string;
  req: { id: string; url: string };
  res: { statusCode: number };
}

/** A Fastify app with one route answering `status`, and the request log lines it writes at `level`. */
async function served(level: string, paths: string[]) {
  const lines: LogLine[] = [];
  const root = pino(
    { level, ...redactionOptions },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  const fastify = Fastify();
  fastify.post('/events', async (request, reply) => {
    const status = Number((request.query as { status?: string }).status ?? 202);
    return reply.code(status).send({ status });
  });
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  logFastifyRequests(fastify, root);
  for (const url of paths) {
    await fastify.inject({
      method: url === '/healthz' ? 'GET' : 'POST',
      url,
      headers: { authorization: 'Bearer secret', cookie: 'session=secret' },
    });
  }
  await fastify.close();
  return lines;
}

describe('logFastifyRequests', () => {
  it('writes a 4xx or 5xx as pino-http did: req with the request id and redacted credentials, res, responseTime', async () => {
    const lines = await served('info', ['/events?status=401&token=secret', '/events?status=503']);
    expect(JSON.stringify(lines)).not.toContain('secret');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'request completed',
      req: {
        id: expect.any(String),
        method: 'POST',
        url: '/events?status=[Redacted]&token=[Redacted]',
        headers: { authorization: '[Redacted]', cookie: '[Redacted]' },
      },
      res: { statusCode: 401, headers: { 'content-type': expect.stringContaining('application/json') } },
      responseTime: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 503 } });
    expect(lines[0].req.id).not.toBe(lines[1].req.id);
  });

  it('writes nothing for a 2xx at info, and logs it at debug except for probes', async () => {
    expect(await served('info', ['/events', '/healthz'])).toEqual([]);
    const debug = await served('debug', ['/events', '/healthz']);
    expect(debug.map((line) => [line.level, line.req.url, line.res.statusCode])).toEqual([
      [20, '/events', 202],
    ]);
  });
});
