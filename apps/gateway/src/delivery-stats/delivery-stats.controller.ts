import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { DeliveryStatsService } from './delivery-stats.service';
import { DeliveryStatsQuery, DeliveryStatsResponse } from './dtos';

@ApiTags('DTR webhook deliveries')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/delivery_stats')
@UseGuards(AuthenticatedGuard)
export class DeliveryStatsController {
  constructor(private readonly stats: DeliveryStatsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Deliveries per minute, failure rate and most failing endpoints of the subscriptions the caller administers (Hookyard extension)',
  })
  @ApiResponse({ status: 200, type: DeliveryStatsResponse })
  get(
    @CurrentAccount() account: Account,
    @Query() query: DeliveryStatsQuery,
  ): Promise<DeliveryStatsResponse> {
    return this.stats.stats(account, query.minutes ?? 60);
  }
}
