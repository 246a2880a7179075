import { CanActivate, ExecutionContext, HttpException, HttpStatus, mixin, Type } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * 415 unless a request with a body declares one of `mediaTypes` (parameters such as charset
 * are ignored; `+json` suffix types match `application/*+json`).
 */
export function RequireContentType(...mediaTypes: string[]): Type<CanActivate> {
  class RequireContentTypeGuard implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
      const declared = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const accepted = mediaTypes.some((type) =>
        type === 'application/*+json' ? /^application\/[\w.+-]+\+json$/.test(declared) : declared === type,
      );
      if (!accepted) {
        throw new HttpException(
          `Content-Type must be ${mediaTypes.join(' or ')}${declared ? `, not ${declared}` : ''}`,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        );
      }
      return true;
    }
  }
  return mixin(RequireContentTypeGuard);
}
