import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { ThrottledAction } from '@hookyard/throttling';
import { Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { ApiPagedResponse, listingAnswer } from '../paging/listing-answer';
import { PageQuery } from '../paging/page-query';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  RotatedWebhookSecretResponse,
  RotateWebhookSecretDto,
  TestWebhookDto,
  TestWebhookResponse,
  UpdateWebhookDto,
  WebhookResponse,
  WebhookSecretResponse,
  WebhookTypeResponse,
  WebhookTypesQuery,
} from './dtos';
import { presentSecret } from '../subscriptions/secret-rotation';
import { presentDtrWebhook } from './dtr-webhook.presenter';
import { DtrWebhooksService } from './dtr-webhooks.service';

@ApiTags('DTR webhooks')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/webhooks')
@UseGuards(AuthenticatedGuard)
export class DtrWebhooksController {
  constructor(private readonly webhooks: DtrWebhooksService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: 'Create Webhook' })
  @ApiResponse({ status: 201, type: CreatedWebhookResponse })
  async create(
    @CurrentAccount() account: Account,
    @Body() dto: CreateWebhookDto,
  ): Promise<CreatedWebhookResponse> {
    const subscription = await this.webhooks.create(account, dto);
    return { ...presentDtrWebhook(subscription), secret: subscription.secret };
  }

  @Get()
  @ApiOperation({
    summary: 'List Webhooks: every webhook you administer now (all of them for system admins)',
  })
  @ApiPagedResponse({ type: WebhookResponse, isArray: true })
  async list(
    @CurrentAccount() account: Account,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return listingAnswer(response, await this.webhooks.list(account), query, presentDtrWebhook);
  }

  @Post('test')
  @HttpCode(200)
  @ThrottledAction('test-sends')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({
    summary: 'Test Webhook: sends the fixed example payload of the type to the endpoint now',
    description:
      'The payload is the DTR wrapper {type, createdAt, contents} with the example contents of the type, ' +
      'signed with Standard Webhooks headers using a one-off secret returned in the response. ' +
      'The answer is 200 whatever the receiver says; its status is in statusCode (null and error set when it could not be reached).',
  })
  @ApiResponse({ status: 200, type: TestWebhookResponse })
  async test(@Body() dto: TestWebhookDto): Promise<TestWebhookResponse> {
    const result = await this.webhooks.test(dto);
    return { type: dto.type, endpoint: dto.endpoint, ...result };
  }

  @Post('update')
  @HttpCode(200)
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({
    summary:
      'Update Webhook: endpoint, inactive, tlsCert, skipTLSVerification, and the options tagPattern, repositoryPattern, payloadFormat, headers, ordered, rateLimit',
  })
  @ApiResponse({ status: 200, type: WebhookResponse })
  async update(@CurrentAccount() account: Account, @Body() dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return presentDtrWebhook(await this.webhooks.update(account, dto));
  }

  @Get(':id/secret')
  @ApiOperation({ summary: "A webhook's signing secret (admins of the subscribed resource)" })
  @ApiResponse({ status: 200, type: WebhookSecretResponse })
  async secret(@CurrentAccount() account: Account, @Param('id') id: string): Promise<WebhookSecretResponse> {
    return presentSecret(await this.webhooks.secret(account, id));
  }

  @Post(':id/secret/rotate')
  @HttpCode(200)
  @UseGuards(RequireContentType({ bodyOptional: true }, 'application/json'))
  @ApiOperation({
    summary: "Rotate a webhook's signing secret (admins of the subscribed resource)",
    description:
      'A new secret signs every delivery from now on; until previousSecretExpiresAt (expireAfter, default 24h) deliveries ' +
      'carry a second signature with the previous one (two v1, entries in webhook-signature), so receivers verify with either. ' +
      'Rotating again meanwhile ends the older secret at once. The body is optional.',
  })
  @ApiResponse({ status: 200, type: RotatedWebhookSecretResponse })
  async rotateSecret(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Body() dto: RotateWebhookSecretDto,
  ): Promise<RotatedWebhookSecretResponse> {
    const rotated = await this.webhooks.rotateSecret(account, id, dto?.expireAfter);
    return {
      secret: rotated.secret,
      previousSecretExpiresAt: (rotated.previousSecretExpiresAt ?? new Date()).toISOString(),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete Webhook (system admins and admins of the subscribed resource)' })
  async remove(@CurrentAccount() account: Account, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(account, id);
  }
}

/** The webhooks of one resource, everyone's, for the resource's admins (DTR webhook API docs). */
@ApiTags('DTR webhooks')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0')
@UseGuards(AuthenticatedGuard)
export class DtrResourceWebhooksController {
  constructor(private readonly webhooks: DtrWebhooksService) {}

  @Get('webhook_types')
  @ApiOperation({
    summary:
      'Webhook event types, explained, and which the caller may subscribe to with a key (Hookyard extension)',
  })
  @ApiResponse({ status: 200, type: WebhookTypeResponse, isArray: true })
  webhookTypes(
    @CurrentAccount() account: Account,
    @Query() query: WebhookTypesQuery,
  ): Promise<WebhookTypeResponse[]> {
    return this.webhooks.subscribableTypes(account, query.key);
  }

  @Get('repositories/:namespace/:reponame/webhooks')
  @ApiOperation({ summary: 'List the webhook subscriptions for a repository (repository admins)' })
  @ApiPagedResponse({ type: WebhookResponse, isArray: true })
  async listForRepository(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('reponame') repository: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const listing = await this.webhooks.listForRepository(account, namespace, repository);
    return listingAnswer(response, listing, query, presentDtrWebhook);
  }

  /** DTR 2.6 has both routes for the same listing. */
  @Get(['repositories/:namespace/webhooks', 'accounts/:namespace/webhooks'])
  @ApiOperation({ summary: 'List the webhook subscriptions for a namespace (namespace owners)' })
  @ApiPagedResponse({ type: WebhookResponse, isArray: true })
  async listForNamespace(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const listing = await this.webhooks.listForNamespace(account, namespace);
    return listingAnswer(response, listing, query, presentDtrWebhook);
  }
}
