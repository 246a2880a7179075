import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Account } from '@hookyard/persistence';
import { ThrottledAction } from '@hookyard/throttling';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiQuayErrors } from '../errors/quay-error.schema';
import { streamedAnswer } from '../paging/listing-answer';
import { CreateQuayNotificationDto, QuayNotificationListResponse, QuayNotificationResponse } from './dtos';
import { presentQuayNotification } from './quay-notification.presenter';
import { QuayNotificationsService } from './quay-notifications.service';
import { QuayRepositoryAdminGuard } from './quay-repository-admin.guard';

@ApiTags('Quay repository notifications')
@ApiBearerAuth()
@ApiQuayErrors()
@Controller('api/v1/repository/:namespace/:repository/notification')
// Guards run before the body is validated: a caller who is not repository admin gets 403 first.
@UseGuards(AuthenticatedGuard, QuayRepositoryAdminGuard)
export class QuayNotificationsController {
  constructor(private readonly notifications: QuayNotificationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a repository notification' })
  @ApiResponse({ status: 201, type: QuayNotificationResponse })
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
  @ApiOperation({ summary: 'List the notifications for the specified repository' })
  @ApiResponse({ status: 200, type: QuayNotificationListResponse })
  async list(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
  ) {
    // Quay's list has no paging: every notification, streamed.
    const listing = await this.notifications.list(account, namespace, repository);
    return streamedAnswer(listing, presentQuayNotification, { list: 'notifications' });
  }

  @Get(':uuid')
  @ApiOperation({ summary: 'Get information for the specified notification' })
  @ApiResponse({ status: 200, type: QuayNotificationResponse })
  async get(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ) {
    return presentQuayNotification(await this.notifications.get(account, namespace, repository, uuid));
  }

  @Delete(':uuid')
  @ApiOperation({ summary: 'Delete the specified notification' })
  @ApiResponse({ status: 204, description: 'Deleted' })
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
  @ApiOperation({ summary: 'Reset the notification to 0 failures, which turns it on again' })
  @ApiResponse({ status: 204, description: 'Reset' })
  @HttpCode(204)
  async resetFailures(
    @CurrentAccount() account: Account,
    @Param('namespace') namespace: string,
    @Param('repository') repository: string,
    @Param('uuid') uuid: string,
  ): Promise<void> {
    await this.notifications.resetFailures(account, namespace, repository, uuid);
  }

  @Post(':uuid/test')
  @ThrottledAction('test-sends')
  @ApiOperation({ summary: "Queue a test notification with Quay's sample data of its event" })
  @ApiResponse({ status: 200, description: 'Queued; the body is {}' })
  @HttpCode(200)
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
