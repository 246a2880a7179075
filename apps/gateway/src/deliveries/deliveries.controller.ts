import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { ThrottledAction } from '@hookyard/throttling';
import { RequireContentType } from '@hookyard/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, pagedAnswer } from '../paging/listing-answer';
import { DeliveriesService } from './deliveries.service';
import { presentAttempt, presentDelivery, presentRecovery } from './delivery.presenter';
import {
  ListDeliveriesQuery,
  RecoverDeliveriesDto,
  RecoveryProgressResponse,
  RecoveryStartedResponse,
} from './dtos';

@ApiTags('DTR webhook deliveries')
@ApiBasicAuth()
@Controller('api/v0/webhooks/:id/deliveries')
@UseGuards(AuthenticatedGuard)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** Always a page (DTR-style, 20 by default): a webhook's log grows without bound. */
  @Get()
  @ApiPagedResponse({ description: "the webhook's deliveries, newest first" })
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

  @Post('recover')
  @ThrottledAction('redeliveries')
  @HttpCode(202)
  @UseGuards(RequireContentType('application/json'))
  @ApiDtrErrors()
  @ApiOperation({
    summary: "Send again every delivery of a webhook that failed since a time (the webhook's admins)",
    description:
      'Every message (webhook-id) whose latest delivery failed at or after `since` (at most 14 days ago) is delivered ' +
      'again as a redelivery with the same webhook-id and a full retry schedule, oldest failure first, at most 10,000. ' +
      'The messages are chosen at once (queued); a worker queues their deliveries in the background: follow it at ' +
      'the Location. 409 while another recovery of the webhook is still queuing, or while the webhook is inactive.',
  })
  @ApiHeader({ name: 'Location', description: 'the recovery (response header)' })
  @ApiResponse({ status: 202, type: RecoveryStartedResponse })
  async recover(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Body() dto: RecoverDeliveriesDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecoveryStartedResponse> {
    const recovery = await this.deliveries.recover(account, id, dto.since);
    response.setHeader(
      'Location',
      `/api/v0/webhooks/${encodeURIComponent(recovery.subscriptionId)}/deliveries/recover/${recovery.id}`,
    );
    return { id: recovery.id, queued: recovery.total, truncated: recovery.truncated };
  }

  @Get('recover/:recoveryId')
  @ApiDtrErrors()
  @ApiOperation({ summary: "A recovery's progress (the webhook's admins)" })
  @ApiResponse({ status: 200, type: RecoveryProgressResponse })
  async recovery(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Param('recoveryId') recoveryId: string,
  ): Promise<RecoveryProgressResponse> {
    return presentRecovery(await this.deliveries.recovery(account, id, recoveryId));
  }
}
