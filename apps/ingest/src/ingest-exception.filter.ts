import { toHttpError } from '@hookyard/http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';

const JSON_PREFIX = 'request body is not valid JSON: ';

/** Producers get `{statusCode, error, message}` for every failure, including malformed JSON and 413. */
@Catch()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(IngestExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toHttpError(exception);
    if (error.status >= 500) this.logger.error(exception);
    // Nest turns body-parser's SyntaxError into a bare "Unexpected token ... in JSON at position N".
    const message =
      error.code === 'INVALID_JSON' && !error.message.startsWith(JSON_PREFIX)
        ? `${JSON_PREFIX}${error.message}`
        : error.message;
    host.switchToHttp().getResponse<Response>().status(error.status).json({
      statusCode: error.status,
      error: error.code,
      message,
    });
  }
}
