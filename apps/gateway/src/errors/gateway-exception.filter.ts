import { loggableError, toHttpError } from '@hookyard/http';
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
    if (error.status >= 500) this.logger.error({ error: loggableError(exception) }, 'request failed');
    const render =
      ERROR_BODIES.find(({ prefix }) => request.path.startsWith(prefix))?.render ?? renderDtrError;
    http.getResponse<Response>().status(error.status).json(render(error));
  }
}
