import { DELIVERY_STATUSES, DeliveryStatus } from '@hookyard/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be between 1 and 100' })
  @Max(100, { message: 'pageSize must be between 1 and 100' })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'the X-Next-Page-Start header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pageStart?: string;
}

export class RecoverDeliveriesDto {
  @ApiProperty({
    example: '2026-01-01T00:00:00Z',
    description:
      'ISO-8601 time with a time zone, at most 14 days ago: every message whose latest delivery failed since then is sent again',
  })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z' })
  @MaxLength(64)
  since: string;
}

export class RecoveryStartedResponse {
  @ApiProperty({
    description: 'The recovery: follow it at .../deliveries/recover/{id} (also the Location header)',
  })
  id: string;
  @ApiProperty({ description: 'How many failed deliveries are sent again' })
  queued: number;
  @ApiProperty({
    description: 'More deliveries failed than a recovery takes (10,000): the newest were left out',
  })
  truncated: boolean;
}

export class RecoveryProgressResponse {
  @ApiProperty() id: string;
  @ApiProperty() webhookID: string;
  @ApiProperty() since: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({
    enum: ['queuing', 'delivering', 'finished', 'stopped'],
    description:
      'queuing: deliveries are still being handed to the queue; delivering: all are, some are pending; ' +
      'finished: none is pending; stopped: it ended before queuing all (see stoppedReason)',
  })
  status: string;
  @ApiPropertyOptional({
    description: 'Why it stopped (the webhook was turned off or deleted, or it stalled)',
  })
  stoppedReason?: string;
  @ApiProperty({ description: 'How many failed deliveries it sends again' })
  queued: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty({
    description:
      'Where they are: waiting (not handed to the queue yet), pending, succeeded, failed, skipped (the new deliveries, ' +
      'as the delivery log lists them), unsent (their event was pruned from the log meanwhile)',
    example: { waiting: 0, pending: 2, succeeded: 40, failed: 1, skipped: 0, unsent: 0 },
  })
  deliveries: Record<'waiting' | 'pending' | 'succeeded' | 'failed' | 'skipped' | 'unsent', number>;
}
