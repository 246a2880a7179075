import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class DeliveryStatsQuery {
  @ApiPropertyOptional({ minimum: 5, maximum: 1440, default: 60, description: 'the window, in minutes' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(5, { message: 'minutes must be between 5 and 1440' })
  @Max(1440, { message: 'minutes must be between 5 and 1440' })
  minutes?: number;
}

export class StatusCounts {
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'attempted or waiting, retries left' }) pending: number;
  @ApiProperty() skipped: number;
}

export class MinuteStats extends StatusCounts {
  @ApiProperty({ description: 'start of the minute' }) minute: string;
}

export class FailingEndpoint {
  @ApiProperty() subscriptionId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once the subscription was deleted' })
  api: string | null;
  @ApiProperty({ type: String, nullable: true }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) endpoint: string | null;
  @ApiProperty({ description: 'deliveries failed, or failing and still retrying' }) failures: number;
  @ApiProperty({ description: 'deliveries in the window' }) total: number;
}

export class DeliveryStatsResponse {
  @ApiProperty() since: string;
  @ApiProperty() until: string;
  @ApiProperty({ type: MinuteStats, isArray: true, description: 'every minute of the window, oldest first' })
  perMinute: MinuteStats[];
  @ApiProperty({ type: StatusCounts }) totals: StatusCounts;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'failed / (succeeded + failed); null without finished deliveries',
  })
  failureRate: number | null;
  @ApiProperty({ type: FailingEndpoint, isArray: true }) failingEndpoints: FailingEndpoint[];
}
