import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

class AlaudaErrorEntry {
  @ApiProperty({ example: 'hookyard' }) source: string;
  @ApiProperty({ example: 'invalid_parameters' }) code: string;
  @ApiProperty({ example: 'image:push not supported for subject_type build_repo' }) message: string;
}

/** Alauda's error body `{errors:[{source, code, message}]}`, as rendered by GatewayExceptionFilter. */
export class AlaudaErrorBody {
  @ApiProperty({ type: AlaudaErrorEntry, isArray: true }) errors: AlaudaErrorEntry[];
}

/** Documents the error answers every Alauda route can give. */
export const ApiAlaudaErrors = () =>
  applyDecorators(
    ApiResponse({ status: 400, type: AlaudaErrorBody, description: 'invalid parameters' }),
    ApiResponse({ status: 401, type: AlaudaErrorBody, description: 'no or invalid token' }),
    ApiResponse({
      status: 403,
      type: AlaudaErrorBody,
      description:
        "not an admin of the subject; or code too_many_webhooks: creating or activating a hook would pass its author's cap of active webhooks (SUBSCRIPTIONS_PER_ACCOUNT), or creating one its cap of webhooks kept, paused ones included (SUBSCRIPTIONS_STORED_PER_ACCOUNT)",
    }),
    ApiResponse({ status: 404, type: AlaudaErrorBody, description: 'no such hook' }),
  );
