import { CanActivate, ExecutionContext, HttpException, HttpStatus, mixin, Type } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

/** `bodyOptional`: a request without a body (no Content-Length above 0, no Transfer-Encoding) passes. */
export interface ContentTypeRule {
  bodyOptional?: boolean;
}

/**
 * 415 unless a request declares one of `mediaTypes` (parameters such as charset are ignored;
 * `+json` suffix types match `application/*+json`). A rule may come first.
 */
export function RequireContentType(...rule: [ContentTypeRule, ...string[]] | string[]): Type<CanActivate> {
  const { bodyOptional = false } = typeof rule[0] === 'object' ? rule[0] : {};
  const mediaTypes = rule.filter((entry): entry is string => typeof entry === 'string');
  class RequireContentTypeGuard implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
      const { headers } = request;
      if (bodyOptional && !headers['transfer-encoding'] && !(Number(headers['content-length']) > 0)) {
        return true;
      }
      const declared = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
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
