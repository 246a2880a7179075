import type { CanonicalEvent } from '@hookyard/events';
import { Injectable } from '@nestjs/common';
import { EventStreamWriter } from '../event-stream/event-stream.writer';
import type { IngestResult } from '../ingest-result';
import { RepositoryLifecycle } from '../repositories/repository-lifecycle';
import { mapHarborEvent } from './harbor-mapper';
import { unmappedHarborEvents } from './harbor-metrics';
import { parseHarborPayload } from './harbor-payload';

@Injectable()
export class HarborService {
  constructor(
    private readonly stream: EventStreamWriter,
    private readonly repositories: RepositoryLifecycle,
  ) {}

  /** Maps one Harbor webhook payload (either format) and writes its canonical events in one append. */
  async ingest(body: unknown, source: string): Promise<IngestResult> {
    const event = parseHarborPayload(body);
    const repositories = this.repositories.begin(source);
    const canonical: CanonicalEvent[] = [];
    if (event.type === 'PUSH_ARTIFACT') {
      const activity = {
        fullName: event.repository!.fullName,
        author: event.operator,
        occurredAt: event.occurredAt,
      };
      const created = await repositories.pushed(activity, event.repository!.createdAt);
      if (created) canonical.push(created);
    }
    const mapped = mapHarborEvent(event, source);
    if (mapped.length === 0) unmappedHarborEvents.inc({ type: event.type });
    canonical.push(...mapped);
    const emitted = await this.stream.append(canonical);
    await repositories.commit();
    return { accepted: 1, emitted };
  }
}
