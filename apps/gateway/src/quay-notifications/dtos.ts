import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString } from 'class-validator';

/** Quay's create-notification body (seed 004 §2.13.6); event, method and config are checked by the service. */
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
