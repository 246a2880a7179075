import { ERROR_BODIES, renderAlaudaError, renderQuayError } from './error-bodies';

const forbidden = {
  status: 403,
  code: 'NOT_AUTHORIZED',
  message: 'The client is not authorized.',
  detail: 'you need admin access to repository acme/api',
};

describe('error bodies', () => {
  it("renders Quay's model: detail repeats error_message, 401 and 403 in Quay's fixed words", () => {
    expect(renderQuayError(forbidden)).toEqual({
      status: 403,
      error_message: 'Unauthorized',
      title: 'insufficient_scope',
      error_type: 'insufficient_scope',
      detail: 'Unauthorized',
      type: '/api/v1/error/insufficient_scope',
    });
    expect(renderQuayError({ ...forbidden, status: 401 })).toMatchObject({
      error_message: 'Requires authentication',
      error_type: 'invalid_token',
    });
    expect(
      renderQuayError({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'm', detail: {} }),
    ).toEqual({
      status: 415,
      error_message: 'm',
      title: 'unsupported_media_type',
      error_type: 'unsupported_media_type',
      detail: 'm',
      type: '/api/v1/error/unsupported_media_type',
    });
  });

  it("renders a refusal Quay has no error of by its own code and message, not Quay's 403 words", () => {
    const message = 'an account may have at most 3 active webhooks and this one has 3';
    expect(
      renderQuayError({ status: 403, code: 'TOO_MANY_WEBHOOKS', message, detail: { limit: 3, active: 3 } }),
    ).toEqual({
      status: 403,
      error_message: message,
      title: 'too_many_webhooks',
      error_type: 'too_many_webhooks',
      detail: message,
      type: '/api/v1/error/too_many_webhooks',
    });
  });

  it("renders Alauda's errors list", () => {
    expect(renderAlaudaError(forbidden)).toEqual({
      errors: [{ source: 'hookyard', code: 'not_authorized', message: 'The client is not authorized.' }],
    });
  });

  it.each([
    ['/api/v0/webhooks', 'renderDtrError'],
    ['/api/v1/repository/acme/api/notification/', 'renderQuayError'],
    ['/v1/hooks/4', 'renderAlaudaError'],
  ])('picks the body for %s by path prefix', (path, renderer) => {
    expect(ERROR_BODIES.find(({ prefix }) => path.startsWith(prefix))?.render.name).toBe(renderer);
  });
});
