import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { REPOSITORIES_DELETED, RepositoriesDeletedMessage } from '@hookyard/queue';
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { KnownRepositories } from './known-repositories';

/** Gateway → ingest: repositories deleted through the API are forgotten, so a push makes them again. */
@Controller()
export class RepositoryDeletionsController {
  constructor(
    private readonly known: KnownRepositories,
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
  ) {}

  @EventPattern(REPOSITORIES_DELETED)
  deleted(@Payload() message: RepositoriesDeletedMessage): void {
    // Installs sharing a Redis see each other's messages; only our own prefix concerns us.
    if (message?.prefix !== this.config.redis.prefix || !Array.isArray(message.repositories)) return;
    this.known.forgetAnnounced(message.repositories);
  }
}
