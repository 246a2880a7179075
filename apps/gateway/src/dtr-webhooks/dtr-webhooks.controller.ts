import { Account } from '@hookyard/persistence';
import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { CreateWebhookDto } from './dtos';
import { presentDtrWebhook } from './dtr-webhook.presenter';
import { DtrWebhooksService } from './dtr-webhooks.service';

@ApiTags('DTR webhooks')
@ApiBasicAuth()
@Controller('api/v0/webhooks')
@UseGuards(AuthenticatedGuard)
export class DtrWebhooksController {
  constructor(private readonly webhooks: DtrWebhooksService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  async create(@CurrentAccount() account: Account, @Body() dto: CreateWebhookDto) {
    const subscription = await this.webhooks.create(account, dto);
    return { ...presentDtrWebhook(subscription), secret: subscription.secret };
  }

  @Get()
  async list(@CurrentAccount() account: Account) {
    return (await this.webhooks.list(account)).map(presentDtrWebhook);
  }

  @Get(':id/secret')
  async secret(@CurrentAccount() account: Account, @Param('id') id: string) {
    return { id, secret: await this.webhooks.secret(account, id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAccount() account: Account, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(account, id);
  }
}
