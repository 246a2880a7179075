import { BadRequestException } from '@nestjs/common';
import { toHttpError } from './http-error';

describe('toHttpError', () => {
  const parseError = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return error as Error;
    }
    throw new Error('parsed');
  };

  it('names malformed JSON without quoting the body back', () => {
    const syntax = parseError('{"secret": "s3cret-value-0123456789", oops}');
    const fromBodyParser = Object.assign(syntax, { status: 400, type: 'entity.parse.failed' });
    const fromNest = new BadRequestException(parseError('{"secret": s3cret}').message);
    for (const error of [toHttpError(fromBodyParser), toHttpError(fromNest)]) {
      expect(error).toMatchObject({ status: 400, code: 'INVALID_JSON' });
      expect(error.message).toMatch(/^request body is not valid JSON: /);
      expect(error.message).not.toContain('s3cret');
    }
  });
});
