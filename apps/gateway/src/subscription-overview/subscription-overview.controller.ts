import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { ThrottledAction } from '@hookyard/throttling';
import { Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, pagedAnswer } from '../paging/listing-answer';
import {
  ListSubscriptionsQuery,
  OVERVIEW_PAGE_SIZE,
  SubscriptionSecretResponse,
  SubscriptionSummaryResponse,
  SubscriptionTestResponse,
} from './dtos';
import { presentSecret } from '../subscriptions/secret-rotation';
import { SubscriptionOverviewService } from './subscription-overview.service';
import { presentSubscriptionSummary } from './subscription-summary.presenter';

/** Every API's subscriptions in one shape (a Hookyard extension of the DTR API, used by the console). */
@ApiTags('Subscriptions (all APIs)')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/subscriptions')
@UseGuards(AuthenticatedGuard)
export class SubscriptionOverviewController {
  constructor(private readonly overview: SubscriptionOverviewService) {}

  @Get()
  @ApiOperation({
    summary:
      "DTR webhooks, Quay notifications and Alauda hooks the caller manages (author or target's admin)",
  })
  @ApiPagedResponse({ type: SubscriptionSummaryResponse, isArray: true })
  async list(
    @CurrentAccount() account: Account,
    @Query() query: ListSubscriptionsQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    // Always a page, 50 unless asked: the console shows a page and offers the next.
    const page = { ...query, pageSize: query.pageSize ?? OVERVIEW_PAGE_SIZE };
    return pagedAnswer(response, await this.overview.list(account, query), page, presentSubscriptionSummary);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription of any API' })
  @ApiResponse({ status: 200, type: SubscriptionSummaryResponse })
  async get(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
  ): Promise<SubscriptionSummaryResponse> {
    return presentSubscriptionSummary(await this.overview.get(account, id));
  }

  @Post(':id/test')
  @ThrottledAction('test-sends')
  @HttpCode(200)
  @ApiOperation({
    summary: "Send the example event of the subscription's type to its endpoint now and report the answer",
    description:
      "Rendered in the subscription's API format and signed with its own secret; not written to the delivery log.",
  })
  @ApiResponse({ status: 200, type: SubscriptionTestResponse })
  async test(@CurrentAccount() account: Account, @Param('id') id: string): Promise<SubscriptionTestResponse> {
    const { eventType, delivered, statusCode, error, durationMs, webhookId } = await this.overview.test(
      account,
      id,
    );
    return { eventType, delivered, statusCode, error, durationMs, webhookId };
  }

  @Get(':id/secret')
  @ApiOperation({
    summary:
      "A subscription's signing secret (those who administer it), and while a rotated-out one still signs, until when",
  })
  @ApiResponse({ status: 200, type: SubscriptionSecretResponse })
  async secret(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
  ): Promise<SubscriptionSecretResponse> {
    return presentSecret(await this.overview.secret(account, id));
  }
}
