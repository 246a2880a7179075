import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { Inject, Injectable } from '@nestjs/common';
import { EventStreamWriter } from '../event-stream/event-stream.writer';
import { RegistryClient } from '../registry/registry-client';
import { parseDistributionEnvelope } from './distribution-envelope';
import { isManifestEvent, mapDistributionEvent } from './distribution-mapper';

export interface IngestResult {
  accepted: number;
  emitted: number;
}

@Injectable()
export class DistributionService {
  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly registry: RegistryClient,
    private readonly stream: EventStreamWriter,
  ) {}

  /** Maps and enriches an envelope, then writes all its canonical events in one atomic append. */
  async ingest(body: unknown, source: string): Promise<IngestResult> {
    const distributionEvents = parseDistributionEnvelope(body);
    const canonical: CanonicalEvent[] = [];
    for (const event of distributionEvents) {
      const enrich = isManifestEvent(event) && event.action !== 'delete' && event.target.digest;
      const platforms = enrich
        ? await this.registry.platforms(
            registryBaseUrl(event.target.url),
            event.target.repository,
            event.target.digest!,
          )
        : [];
      canonical.push(
        ...mapDistributionEvent(event, { source, publicHost: this.config.registry.publicHost, platforms }),
      );
    }
    const emitted = await this.stream.append(canonical);
    return { accepted: distributionEvents.length, emitted };
  }
}

/** The registry's own address, from the URL it reports for the target. */
function registryBaseUrl(targetUrl: string | undefined): string {
  return targetUrl ? new URL(targetUrl).origin : '';
}
