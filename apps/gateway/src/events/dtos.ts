import { EVENT_TYPES, type EventType } from '@hookyard/events';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../paging/page-query';

const timestamp = (name: string) => ({
  description: `only events published ${name} this time (ISO-8601)`,
  example: '2026-01-01T00:00:00Z',
});

/** Filters of a repository's events (DTR's repository events listing). */
export class RepositoryEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES, { message: `eventType must be one of ${EVENT_TYPES.join(', ')}` })
  eventType?: EventType;

  @ApiPropertyOptional({ description: 'only events caused by this user' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  actor?: string;

  @ApiPropertyOptional(timestamp('before'))
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'publishedBefore must be an ISO-8601 timestamp' })
  publishedBefore?: string;

  @ApiPropertyOptional(timestamp('after'))
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'publishedAfter must be an ISO-8601 timestamp' })
  publishedAfter?: string;
}

/** Filters of the whole activity stream (DTR's Get Events), a namespace and repository added. */
export class EventsQuery extends RepositoryEventsQuery {
  @ApiPropertyOptional({ description: 'only events of this namespace' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  namespace?: string;

  @ApiPropertyOptional({ description: 'only events of this repository (with namespace)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  repository?: string;
}
