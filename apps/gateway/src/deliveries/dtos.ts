import { EVENT_TYPES, EventType } from '@hookyard/events';
import { DELIVERY_STATUSES, DeliveryStatus } from '@hookyard/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsISO8601, IsOptional, MaxLength } from 'class-validator';
import { PageQuery } from '../paging/page-query';

/** Newest first, 20 a page unless pageSize says otherwise. */
export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'only deliveries of this event type' })
  @IsOptional()
  @IsIn(EVENT_TYPES, { message: `eventType must be one of ${EVENT_TYPES.join(', ')}` })
  eventType?: EventType;

  @ApiPropertyOptional({ format: 'date-time', description: 'only deliveries created at or after this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'since must be a date-time such as 2024-05-01T10:00:00Z' })
  since?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'only deliveries created before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'until must be a date-time such as 2024-05-01T10:00:00Z' })
  until?: Date;
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
