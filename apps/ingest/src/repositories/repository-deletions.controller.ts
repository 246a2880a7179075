import { REPOSITORIES_DELETED, RepositoriesDeletedMessage } from '@hookyard/queue';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { KnownRepositories } from './known-repositories';

/** Gateway → ingest: repositories deleted through the API are forgotten, so a push makes them again. */
@Controller()
export class RepositoryDeletionsController {
  constructor(private readonly known: KnownRepositories) {}

  @EventPattern(REPOSITORIES_DELETED)
  deleted(@Payload() message: RepositoriesDeletedMessage): void {
    if (!Array.isArray(message?.repositories)) return;
    this.known.forgetAnnounced(message.repositories);
  }
}
