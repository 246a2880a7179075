import { ObservabilityModule } from '@hookyard/observability';
import { PersistenceModule } from '@hookyard/persistence';
import { Module } from '@nestjs/common';
import { DistributionModule } from './distribution/distribution.module';
import { HarborModule } from './harbor/harbor.module';
import { NativeEventsModule } from './native-events/native-events.module';

@Module({
  imports: [
    ObservabilityModule.forApp('ingest'),
    PersistenceModule,
    DistributionModule,
    HarborModule,
    NativeEventsModule,
  ],
})
export class AppModule {}
