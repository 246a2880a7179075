import { toHttpError } from '@hookyard/http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** Producers get `{statusCode, error, message}` for every failure, including malformed JSON and 413. */
@Catch()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(IngestExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toHttpError(exception);
    if (error.status >= 500) this.logger.error(exception);
    host.switchToHttp().getResponse<Response>().status(error.status).json({
      statusCode: error.status,
      error: error.code,
      message: error.message,
    });
  }
}
