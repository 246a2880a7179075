import { scrubSecrets } from '@hookyard/util';
import { ApiError } from './api-error';
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';

/** An error as every API renders it: HTTP status, machine code, message, detail. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
  detail: unknown;
}

const CODES: Record<number, string> = {
  400: 'INVALID_PARAMETERS',
  401: 'NOT_AUTHENTICATED',
  403: 'NOT_AUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

/**
 * V8's JSON.parse messages quote the text around the error (`Unexpected token 'x', "{"secret": x"
 * is not valid JSON`): an error body, and whatever logs it, would repeat part of the request body.
 */
function jsonParseMessage(message: string): string {
  return `request body is not valid JSON: ${message.replace(/,\s*(\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')}`;
}

function messageOf(response: unknown, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown })?.message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

/**
 * Normalizes anything thrown in a request (ours, Nest's, body-parser's) into an HttpError whose
 * message quotes no credential (Nest's 404 repeats the URL, query included).
 */
export function toHttpError(exception: unknown): HttpError {
  const error = describeException(exception);
  return { ...error, message: scrubSecrets(error.message) };
}

function describeException(exception: unknown): HttpError {
  if (exception instanceof ApiError) {
    return {
      status: exception.getStatus(),
      code: exception.code,
      message: exception.message,
      detail: exception.detail,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const message = messageOf(exception.getResponse(), exception.message);
    // Nest turns body-parser's SyntaxError into a plain BadRequestException with the parser's message.
    if (exception.constructor === BadRequestException && /JSON/.test(message)) {
      return {
        status,
        code: 'INVALID_JSON',
        message: jsonParseMessage(message),
        detail: {},
      };
    }
    return { status, code: CODES[status] ?? 'ERROR', message, detail: {} };
  }
  const raw = exception as { status?: number; statusCode?: number; type?: string; message?: string };
  // body-parser errors (malformed JSON, body too large) reach filters as plain errors with a
  // status, Fastify's (malformed URL or Content-Type) with a statusCode.
  const status = raw?.status ?? raw?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = raw.type === 'entity.parse.failed' ? 'INVALID_JSON' : (CODES[status] ?? 'ERROR');
    const message =
      raw.type === 'entity.parse.failed'
        ? jsonParseMessage(raw.message ?? '')
        : (raw.message ?? 'bad request');
    return { status, code, message, detail: {} };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL_ERROR',
    message: 'internal server error',
    detail: {},
  };
}
