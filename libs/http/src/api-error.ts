import { HttpException } from '@nestjs/common';

/**
 * An error with a machine-readable code; each API's exception filter renders it in that API's
 * body (DTR `{errors:[{code,message,detail}]}`, Quay's problem model, Alauda's errors list).
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly detail: unknown = {},
  ) {
    super(message, status);
  }
}
