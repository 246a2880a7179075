import { ApiError, errorFields, errorMessage, fieldError, formError, lostAccess, segment } from './api';

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

describe('errors about one field', () => {
  it("reads the fields DTR's detail names, and tells a field's error from the form's", () => {
    const body = {
      errors: [{ code: 'INVALID_PARAMETERS', message: 'm', detail: { fields: ['tagPattern'] } }],
    };
    expect(errorFields(body)).toEqual(['tagPattern']);
    expect(errorFields({ errors: [{ detail: 'text' }] })).toEqual([]);
    expect(errorFields('<html>')).toEqual([]);
    const error = new ApiError(400, 'tagPattern is not a glob', ['tagPattern']);
    expect(fieldError(error, 'tagPattern')).toBe('tagPattern is not a glob');
    expect(fieldError(error, 'endpoint')).toBeUndefined();
    expect(formError(error, ['tagPattern', 'endpoint'])).toBeUndefined();
    expect(formError(error, ['endpoint'])).toBe(error);
    const network = new Error('unreachable');
    expect(formError(network, ['endpoint'])).toBe(network);
  });
});

describe('segment', () => {
  it('escapes a name into one path segment, and refuses the dot segments the URL parser would resolve', () => {
    expect(segment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    expect(segment('.x')).toBe('.x');
    expect(() => segment('..')).toThrow('".." is not a name.');
    expect(() => segment('.')).toThrow(ApiError);
  });
});

describe('lostAccess', () => {
  it('is a 403 or 404 from the API, not another failure', () => {
    expect(lostAccess(new ApiError(403, 'no'))).toBe(true);
    expect(lostAccess(new ApiError(404, 'gone'))).toBe(true);
    expect(lostAccess(new ApiError(500, 'oops'))).toBe(false);
    expect(lostAccess(new Error('network'))).toBe(false);
    expect(lostAccess(undefined)).toBe(false);
  });
});
