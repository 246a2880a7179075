import { QueryFailedError } from 'typeorm';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it("keeps a failed query's class, message, code and stack, not its statement or parameters", () => {
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const failed = new QueryFailedError(
      'INSERT INTO subscriptions VALUES ($1, $2)',
      ['id', 'whsec_secret'],
      driverError,
    );
    const logged = loggableError(failed);
    expect(logged).toEqual({
      type: 'QueryFailedError',
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
      code: '22021',
      stack: expect.any(String),
    });
    expect(JSON.stringify(logged)).not.toContain('whsec_secret');
  });

  it('names what is thrown that is not an Error', () => {
    expect(loggableError('boom')).toEqual({ type: 'string', message: 'boom' });
  });
});
