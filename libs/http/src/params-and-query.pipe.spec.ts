import { ApiError } from './api-error';
import { MAX_PARAM_LENGTH, ParamsAndQueryPipe } from './params-and-query.pipe';

describe('ParamsAndQueryPipe', () => {
  const pipe = new ParamsAndQueryPipe();
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return { message: (error as ApiError).message, detail: (error as ApiError).detail };
    }
    throw new Error('accepted');
  };

  it('passes names, ids and bodies through', () => {
    expect(pipe.transform('acme', { type: 'param', data: 'namespace' })).toBe('acme');
    expect(pipe.transform({ status: 'failed' }, { type: 'query' })).toEqual({ status: 'failed' });
    expect(pipe.transform(undefined, { type: 'query', data: 'username' })).toBeUndefined();
    expect(pipe.transform({ a: '\u0000' }, { type: 'body' })).toEqual({ a: '\u0000' });
  });

  it('refuses NUL, unpaired surrogates, long values and repeated query values, naming the parameter', () => {
    expect(refusal(() => pipe.transform('a\u0000', { type: 'param', data: 'id' }))).toEqual({
      message: 'id must not contain NUL characters',
      detail: { fields: ['id'] },
    });
    expect(refusal(() => pipe.transform('\ud800', { type: 'query', data: 'username' })).message).toBe(
      'username must be well-formed Unicode (it has an unpaired surrogate)',
    );
    expect(
      refusal(() => pipe.transform('x'.repeat(MAX_PARAM_LENGTH + 1), { type: 'param', data: 'name' }))
        .message,
    ).toBe(`name must be at most ${MAX_PARAM_LENGTH} characters`);
    expect(refusal(() => pipe.transform(['a', 'b'], { type: 'query', data: 'username' })).message).toBe(
      'username must be given once',
    );
    expect(refusal(() => pipe.transform({ pageStart: 'y\u0000' }, { type: 'query' })).message).toBe(
      'pageStart must not contain NUL characters',
    );
    expect(refusal(() => pipe.transform({ pageStart: ['x', 'y'] }, { type: 'query' })).message).toBe(
      'pageStart must be given once',
    );
  });
});
