import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

/**
 * The TypeORM connection of an app (imported once, by its AppModule). Pending migrations are
 * applied before it opens, so every app runs against the schema its migrations build, whichever
 * app starts first. Feature modules import the repositories they use with `forFeature`.
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
  ],
})
export class PersistenceModule {
  /**
   * Provides and exports `repositories` (e.g. SubscriptionRepository, DatabaseTransactions) on
   * the app's connection. They hold no state of their own, so each feature may have its own.
   */
  static forFeature(repositories: Array<Type<unknown>>): DynamicModule {
    return { module: PersistenceFeatureModule, providers: repositories, exports: repositories };
  }
}

@Module({})
class PersistenceFeatureModule {}
