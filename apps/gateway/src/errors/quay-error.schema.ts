import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** Quay's error model (Quay API guide), as rendered by GatewayExceptionFilter. */
export class QuayErrorBody {
  @ApiProperty({ example: 403 }) status: number;
  @ApiProperty({ example: 'The client is not authorized.' }) error_message: string;
  @ApiProperty({ example: 'insufficient_scope' }) title: string;
  @ApiProperty({ example: 'insufficient_scope' }) error_type: string;
  @ApiProperty({ example: 'you need admin access to repository acme/api' }) detail: string;
  @ApiProperty({ example: '/api/v1/error/insufficient_scope' }) type: string;
}

/** Documents the error answers every Quay route can give. */
export const ApiQuayErrors = () =>
  applyDecorators(
    ApiResponse({ status: 400, type: QuayErrorBody, description: 'Bad Request' }),
    ApiResponse({ status: 401, type: QuayErrorBody, description: 'Session required' }),
    ApiResponse({
      status: 403,
      type: QuayErrorBody,
      description:
        "Unauthorized access; or error_type too_many_webhooks: creating or resetting a notification would pass its author's cap of active webhooks (SUBSCRIPTIONS_PER_ACCOUNT), or creating one its cap of webhooks kept, paused ones included (SUBSCRIPTIONS_STORED_PER_ACCOUNT)",
    }),
    ApiResponse({ status: 404, type: QuayErrorBody, description: 'Not found' }),
  );
