import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { ThrottledAction } from '@hookyard/throttling';
import { Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiNextPageStart, pagedAnswer } from '../paging/listing-answer';
import { DeliveriesService } from './deliveries.service';
import { presentAttempt, presentDelivery } from './delivery.presenter';
import { ListDeliveriesQuery } from './dtos';

@ApiTags('DTR webhook deliveries')
@ApiBasicAuth()
@Controller('api/v0/webhooks/:id/deliveries')
@UseGuards(AuthenticatedGuard)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** Always a page (DTR-style, 20 by default): a webhook's log grows without bound. */
  @Get()
  @ApiNextPageStart()
  async list(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Query() query: ListDeliveriesQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { status, eventType, since, until } = query;
    const listing = await this.deliveries.list(account, id, { status, eventType, since, until });
    return pagedAnswer(response, listing, query, presentDelivery);
  }

  @Get(':deliveryId')
  async get(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    const { delivery, attempts } = await this.deliveries.get(account, id, deliveryId);
    return {
      ...presentDelivery(delivery),
      // The body last sent; empty before the first attempt.
      requestBody: attempts.at(-1)?.requestBody ?? '',
      attemptLog: attempts.map(presentAttempt),
    };
  }

  /** 202: queued as a new delivery, returned so its progress can be followed. */
  @Post(':deliveryId/redeliver')
  @ThrottledAction('redeliveries')
  @HttpCode(202)
  async redeliver(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    return presentDelivery(await this.deliveries.redeliver(account, id, deliveryId));
  }
}
