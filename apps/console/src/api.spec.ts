import { errorMessage } from './api';

describe('errorMessage', () => {
  it("reads each API's error body, DTR's detail as a sentence of its own", () => {
    const dtr = {
      errors: [
        {
          code: 'NOT_AUTHORIZED',
          message: 'The client is not authorized',
          detail: 'only admins of acme/api may manage this subscription',
        },
      ],
    };
    expect(errorMessage(403, dtr)).toBe(
      'The client is not authorized. Only admins of acme/api may manage this subscription.',
    );
    expect(errorMessage(404, { errors: [{ message: 'webhook x does not exist' }] })).toBe(
      'webhook x does not exist',
    );
    expect(errorMessage(400, { error_message: 'Invalid request' })).toBe('Invalid request');
    expect(errorMessage(400, { detail: 'bad event' })).toBe('bad event');
    expect(errorMessage(502, '<html>bad gateway</html>')).toBe('The server answered 502.');
  });
});
