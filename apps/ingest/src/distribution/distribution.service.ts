import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { Inject, Injectable } from '@nestjs/common';
import { EventStreamWriter } from '../event-stream/event-stream.writer';
import type { IngestResult } from '../ingest-result';
import { RegistryClient, UNKNOWN_PLATFORMS } from '../registry/registry-client';
import { RepositoryLifecycle } from '../repositories/repository-lifecycle';
import { DistributionEvent, parseDistributionEnvelope } from './distribution-envelope';
import {
  distributionDedupKey,
  isEnrichmentRead,
  isManifestEvent,
  isRepositoryDelete,
  mapDistributionEvent,
  platformsFromReferences,
  repositoryActivity,
} from './distribution-mapper';
import { droppedBlobEvents } from './distribution-metrics';
import { DeletedDigests } from './deleted-digests';

@Injectable()
export class DistributionService {
  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly registry: RegistryClient,
    private readonly stream: EventStreamWriter,
    private readonly repositories: RepositoryLifecycle,
    private readonly deletedDigests: DeletedDigests,
  ) {}

  /** Maps and enriches an envelope, then writes all its canonical events in one atomic append. */
  async ingest(body: unknown, source: string): Promise<IngestResult> {
    const distributionEvents = parseDistributionEnvelope(body);
    const canonical: CanonicalEvent[] = [];
    const repositories = this.repositories.begin(source);
    const manifestDeletes: DistributionEvent[] = [];
    for (const distributionEvent of distributionEvents) {
      const event = await this.withDeletedDigest(distributionEvent, manifestDeletes);
      if (isEnrichmentRead(event)) continue;
      if (isRepositoryDelete(event)) {
        canonical.push(
          await repositories.deleted(
            repositoryActivity(event),
            distributionDedupKey(source, event.id, 'REPO_DELETED'),
          ),
        );
        continue;
      }
      if (!isManifestEvent(event)) {
        droppedBlobEvents.inc({ action: event.action });
        continue;
      }
      if (event.action === 'push') {
        const created = await repositories.pushed(repositoryActivity(event));
        if (created) canonical.push(created);
      }
      if (event.action === 'delete' && event.target.digest && !event.target.tag) manifestDeletes.push(event);
      canonical.push(
        ...mapDistributionEvent(event, {
          source,
          publicHost: this.config.registry.publicHost,
          manifest: await this.platforms(event),
        }),
      );
    }
    const emitted = await this.stream.append(canonical);
    await repositories.commit();
    for (const event of manifestDeletes) {
      if (event.request?.id) {
        await this.deletedDigests.remember(event.request.id, event.target.repository, event.target.digest!);
      }
    }
    return { accepted: distributionEvents.length, emitted };
  }

  /** A tag delete names no digest; the manifest delete of the same request did (see DeletedDigests). */
  private async withDeletedDigest(
    event: DistributionEvent,
    earlierInEnvelope: DistributionEvent[],
  ): Promise<DistributionEvent> {
    const { action, target, request } = event;
    if (action !== 'delete' || !target.tag || target.digest || !request?.id) return event;
    const sameRequest = earlierInEnvelope.find(
      (earlier) => earlier.request?.id === request.id && earlier.target.repository === target.repository,
    );
    const digest =
      sameRequest?.target.digest ?? (await this.deletedDigests.recall(request.id, target.repository));
    return digest ? { ...event, target: { ...target, digest } } : event;
  }

  /**
   * Deleted manifests cannot be read any more; an index whose event lists its manifests needs no
   * read; other pushes and pulls are enriched from the registry.
   */
  private platforms(event: DistributionEvent) {
    if (event.action === 'delete' || !event.target.digest) return Promise.resolve(UNKNOWN_PLATFORMS);
    const listed = platformsFromReferences(event);
    if (listed) return Promise.resolve(listed);
    return this.registry.platforms(event.target.repository, event.target.digest);
  }
}
