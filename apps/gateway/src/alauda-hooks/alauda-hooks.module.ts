import { AuthModule } from '@hookyard/auth';
import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AlaudaHooksController } from './alauda-hooks.controller';
import { AlaudaHooksService } from './alauda-hooks.service';

@Module({
  imports: [AuthModule, SubscriptionsModule],
  controllers: [AlaudaHooksController],
  providers: [AlaudaHooksService],
})
export class AlaudaHooksModule {}
