import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { runMigrations } from './migrate';

/**
 * TypeORM connection for an app. Pending migrations are applied before it opens, so every app
 * runs against the schema its migrations build, whichever app starts first.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HOOKYARD_CONFIG],
      useFactory: async (config: HookyardConfig) => {
        await runMigrations(config.databaseUrl);
        return dataSourceOptions(config.databaseUrl);
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
