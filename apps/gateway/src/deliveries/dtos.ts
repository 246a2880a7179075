import { DELIVERY_STATUSES, DeliveryStatus } from '@hookyard/persistence';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQuery } from '../paging/page-query';
import { EVENT_TYPES, EventType } from '@hookyard/events';
import { IsDate, IsIn, IsOptional } from 'class-validator';

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
