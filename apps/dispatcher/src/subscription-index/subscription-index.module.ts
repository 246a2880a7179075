import { Subscription } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubscriptionChangesController } from './subscription-changes.controller';
import { SubscriptionIndexService } from './subscription-index.service';

@Module({
  imports: [TypeOrmModule.forFeature([Subscription])],
  controllers: [SubscriptionChangesController],
  providers: [SubscriptionIndexService],
  exports: [SubscriptionIndexService],
})
export class SubscriptionIndexModule {}
