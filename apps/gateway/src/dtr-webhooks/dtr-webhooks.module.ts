import { AuthModule } from '@hookyard/auth';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { DtrResourceWebhooksController, DtrWebhooksController } from './dtr-webhooks.controller';
import { DtrWebhooksService } from './dtr-webhooks.service';

@Module({
  imports: [AuthModule, SubscriptionsModule],
  controllers: [DtrWebhooksController, DtrResourceWebhooksController],
  providers: [DtrWebhooksService],
})
export class DtrWebhooksModule {}
