import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString } from 'class-validator';

/** Quay's create-notification body (Quay API guide §2.13.6); the service checks event, method and config. */
export class CreateQuayNotificationDto {
  @ApiProperty({ example: 'repo_push' })
  @IsString()
  event: string;

  @ApiProperty({ example: 'webhook', description: 'webhook or slack' })
  @IsString()
  method: string;

  @ApiProperty({ example: { url: 'https://example.com/hook' } })
  @IsObject()
  config: Record<string, unknown>;

  @ApiPropertyOptional({ example: { vulnerability: { priority: 'High' } } })
  @IsOptional()
  @IsObject()
  eventConfig?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Notify CI' })
  @IsOptional()
  @IsString()
  title?: string;
}

/** A notification as Quay returns it. */
export class QuayNotificationResponse {
  @ApiProperty({ example: 'c1b5a3e4-2f0d-4b8e-9a61-0f3c2d1e4b5a' }) uuid: string;
  @ApiProperty({ example: 'Notify CI' }) title: string;
  @ApiProperty({ example: 'repo_push' }) event: string;
  @ApiProperty({ example: 'webhook' }) method: string;
  @ApiProperty({ example: { url: 'https://example.com/hook' } }) config: Record<string, unknown>;
  @ApiProperty({ example: {} }) event_config: Record<string, unknown>;
  @ApiProperty({ example: 0 }) number_of_failures: number;
}

export class QuayNotificationListResponse {
  @ApiProperty({ type: QuayNotificationResponse, isArray: true }) notifications: QuayNotificationResponse[];
}
