import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { QueueModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { ActivityModule } from './activity/activity.module';
import { DispatchModule } from './dispatch/dispatch.module';

@Module({
  imports: [
    ObservabilityModule.forApp('dispatcher'),
    PersistenceModule,
    QueueModule,
    DispatchModule,
    ActivityModule,
  ],
})
export class AppModule {}
