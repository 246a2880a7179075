import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { redactionOptions, redactRequest, serializeError } from './log-redaction';

describe('log lines', () => {
  const lines: string[] = [];
  const logger = pino(
    { ...redactionOptions, serializers: { ...redactionOptions.serializers, req: redactRequest } },
    { write: (line: string) => lines.push(line) },
  );
  beforeEach(() => (lines.length = 0));

  it('keep no statement parameters of a database error, and no URL credentials', () => {
    const error = new QueryFailedError(
      'INSERT INTO subscriptions VALUES ($1, $2)',
      ['id', 'whsec_s3cret'],
      new Error('boom'),
    );
    logger.error({ err: error }, 'request failed');
    logger.error(new Error('connect to https://admin:s3cret@db.example failed'));
    const text = lines.join('\n');
    expect(text).not.toContain('s3cret');
    expect(JSON.parse(lines[0]).err).toMatchObject({ type: 'QueryFailedError', message: 'boom' });
  });

  it('scrub messages and top-level string fields', () => {
    logger.warn(
      { error: 'GET https://u:s3cret@x.example/?k=s3cret failed', attempt: 1 },
      'see ?token=s3cret',
    );
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(JSON.parse(lines[0])).toMatchObject({ attempt: 1, msg: 'see ?token=[Redacted]' });
  });

  it('serialize an error passed through pino-http as its raw error', () => {
    const serialized = pino.stdSerializers.err(Object.assign(new Error('x'), { parameters: ['s3cret'] }));
    expect(JSON.stringify(serializeError(serialized))).not.toContain('s3cret');
  });
});
