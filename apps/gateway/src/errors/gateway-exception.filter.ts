import { toHttpError } from '@hookyard/http';
import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ERROR_BODIES, renderDtrError } from './error-bodies';

/** Every gateway error, including malformed JSON caught before routing, in the body of the API called. */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GatewayExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const error = toHttpError(exception);
    if (error.status >= 500) {
      // The path without its query (which may hold secrets); the error as the log serializer keeps it.
      const { id } = request as Request & { id?: unknown };
      this.logger.error(
        { reqId: id, method: request.method, path: request.path, err: exception },
        'request failed',
      );
    }
    const render =
      ERROR_BODIES.find(({ prefix }) => request.path.startsWith(prefix))?.render ?? renderDtrError;
    http.getResponse<Response>().status(error.status).json(render(error));
  }
}
