import { HttpException, HttpStatus } from '@nestjs/common';

/** Something a response can carry a header on, as Express and Fastify replies both can. */
export interface HeaderTarget {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

/**
 * 429 with `Retry-After` (whole seconds, at least 1) set on the response; every API renders it
 * in its own error body (code TOO_MANY_REQUESTS).
 */
export function tooManyRequests(response: HeaderTarget, retryAfterMs: number, what: string): HttpException {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (typeof response.setHeader === 'function') response.setHeader('Retry-After', String(seconds));
  else response.header?.('Retry-After', String(seconds));
  return new HttpException(`${what}: retry in ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS);
}
