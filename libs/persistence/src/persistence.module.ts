import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';

/** TypeORM connection for an app; every app runs against a schema the migrations built. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HOOKYARD_CONFIG],
      useFactory: (config: HookyardConfig) => dataSourceOptions(config.databaseUrl),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
