import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateQuayNotificationDto } from './dtos';
import { presentQuayNotification } from './quay-notification.presenter';
import { QuayNotificationsService } from './quay-notifications.service';

@ApiTags('Quay repository notifications')
@ApiBearerAuth()
@Controller('api/v1/repository/:namespace/:repository/notification')
@UseGuards(AuthenticatedGuard)
export class QuayNotificationsController {
  constructor(private readonly notifications: QuayNotificationsService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  async create(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Body() dto: CreateQuayNotificationDto,
  ) {
    return presentQuayNotification(await this.notifications.create(account, namespace, repository, dto));
  }

  @Get()
  async list(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
  ) {
    const notifications = await this.notifications.list(account, namespace, repository);
    return { notifications: notifications.map(presentQuayNotification) };
  }

  @Get(':uuid')
  async get(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ) {
    return presentQuayNotification(await this.notifications.get(account, namespace, repository, uuid));
  }

  @Delete(':uuid')
  @HttpCode(204)
  async remove(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ): Promise<void> {
    await this.notifications.remove(account, namespace, repository, uuid);
  }

  @Post(':uuid')
  @HttpCode(201)
  async resetFailures(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ) {
    return presentQuayNotification(
      await this.notifications.resetFailures(account, namespace, repository, uuid),
    );
  }

  @Post(':uuid/test')
  @HttpCode(201)
  async test(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ) {
    await this.notifications.queueTest(account, namespace, repository, uuid);
    return {};
  }
}
