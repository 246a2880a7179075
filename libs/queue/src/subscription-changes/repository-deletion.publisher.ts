import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { RepositoriesDeletedMessage } from '../delivery-job';
import { REPOSITORIES_DELETED } from '../names';
import { SUBSCRIPTION_EVENTS_CLIENT } from './subscription-change.publisher';

/**
 * Tells every ingest that repositories deleted through the API are gone (after the deletion
 * committed), so the next push to one makes it again at once rather than after ingest's memory of
 * announced repositories expires (KNOWN_REPOSITORIES_TTL_MS, the fallback when a message is lost).
 */
@Injectable()
export class RepositoryDeletionPublisher {
  private readonly logger = new Logger(RepositoryDeletionPublisher.name);

  constructor(
    @Inject(SUBSCRIPTION_EVENTS_CLIENT) private readonly client: ClientProxy,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  async deleted(repositories: string[]): Promise<void> {
    if (repositories.length === 0) return;
    const message: RepositoriesDeletedMessage = { prefix: this.config.redis.prefix, repositories };
    try {
      await lastValueFrom(this.client.emit(REPOSITORIES_DELETED, message), { defaultValue: undefined });
    } catch (error) {
      this.logger.warn(`could not publish deleted repositories: ${(error as Error).message}`);
    }
  }
}
