import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

class DtrErrorEntry {
  @ApiProperty({ example: 'NOT_AUTHORIZED' }) code: string;
  @ApiProperty({ example: 'The client is not authorized.' }) message: string;
  @ApiProperty({ description: 'more about the error, e.g. {fields: [...]} for invalid parameters' })
  detail: object;
}

/** DTR's error body `{errors:[{code, message, detail}]}`, as rendered by GatewayExceptionFilter. */
export class DtrErrorBody {
  @ApiProperty({ type: DtrErrorEntry, isArray: true }) errors: DtrErrorEntry[];
}

/** Documents the error answers every authenticated DTR route can give. */
export const ApiDtrErrors = () =>
  applyDecorators(
    ApiResponse({ status: 400, type: DtrErrorBody, description: 'invalid parameters (named in detail)' }),
    ApiResponse({ status: 401, type: DtrErrorBody, description: 'no or invalid credentials' }),
    ApiResponse({
      status: 403,
      type: DtrErrorBody,
      description:
        "not allowed for this account; or TOO_MANY_WEBHOOKS: creating or turning on a webhook would pass its author's cap of active webhooks (SUBSCRIPTIONS_PER_ACCOUNT), or creating one its cap of webhooks kept, paused ones included (SUBSCRIPTIONS_STORED_PER_ACCOUNT)",
    }),
    ApiResponse({ status: 404, type: DtrErrorBody, description: 'no such resource' }),
  );
