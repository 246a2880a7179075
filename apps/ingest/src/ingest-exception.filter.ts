import { toHttpError } from '@hookyard/http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpServer, Logger } from '@nestjs/common';

/** What producers get for every failure: `{statusCode, error, message}`, and its status. */
export function ingestErrorResponse(exception: unknown) {
  const error = toHttpError(exception);
  return {
    status: error.status,
    body: { statusCode: error.status, error: error.code, message: error.message },
  };
}

/** Renders every failure of a route, including malformed JSON and 413, as ingestErrorResponse. */
@Catch()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(IngestExceptionFilter.name);

  constructor(private readonly http: HttpServer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = ingestErrorResponse(exception);
    const context = host.switchToHttp();
    if (status >= 500) {
      // The request id ties this line to the request's log line.
      const { id } = context.getRequest<{ id?: string }>();
      this.logger.error({ reqId: id, err: exception }, 'request failed');
    }
    this.http.reply(context.getResponse(), body, status);
  }
}
