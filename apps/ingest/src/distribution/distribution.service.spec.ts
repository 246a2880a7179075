import { DISTRIBUTION_FIXTURES_DIR } from '@hookyard/testing';
import type { HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { ServiceUnavailableException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { EventStreamWriter } from '../event-stream/event-stream.writer';
import type { RegistryClient } from '../registry/registry-client';
import type { DeletedDigests } from './deleted-digests';
import { DistributionService } from './distribution.service';
import type { KnownRepositories } from './known-repositories';

const FIXTURES = DISTRIBUTION_FIXTURES_DIR;
const envelope = (n: number) => JSON.parse(readFileSync(`${FIXTURES}/envelope-${n}.json`, 'utf8')).body;
const pushEnvelope = envelope(2);
const DELETED = 'sha256:5b32f8851cb04cf34685f2f8a4a96e605a27afd85873c1cc374d1f0893c01d04';

/** The stream's contract: whole appends, dedup by key. `failNext` simulates Redis going away. */
class FakeStream {
  readonly events: CanonicalEvent[] = [];
  private readonly keys = new Set<string>();
  failNext = false;

  async append(events: CanonicalEvent[]): Promise<number> {
    if (this.failNext) {
      this.failNext = false;
      throw new ServiceUnavailableException('event store unavailable, retry later');
    }
    const fresh = events.filter((event) => !this.keys.has(event.dedupKey));
    for (const event of fresh) this.keys.add(event.dedupKey);
    this.events.push(...fresh);
    return fresh.length;
  }
}

class FakeRepositories {
  readonly seen = new Set<string>();
  failNextMark = false;

  async isKnown(fullName: string): Promise<boolean> {
    return this.seen.has(fullName);
  }

  async markSeen(fullNames: string[]): Promise<void> {
    if (this.failNextMark) {
      this.failNextMark = false;
      throw new Error('database connection lost');
    }
    for (const fullName of fullNames) this.seen.add(fullName);
  }
}

class FakeDeletedDigests {
  readonly digests = new Map<string, string>();

  async remember(requestId: string, repository: string, digest: string): Promise<void> {
    this.digests.set(`${repository}:${requestId}`, digest);
  }

  async recall(requestId: string, repository: string): Promise<string | undefined> {
    return this.digests.get(`${repository}:${requestId}`);
  }
}

let stream: FakeStream;
let repositories: FakeRepositories;
let service: DistributionService;

beforeEach(() => {
  stream = new FakeStream();
  repositories = new FakeRepositories();
  const registry = { platforms: async () => ({ isIndex: false, platforms: [] }) };
  service = new DistributionService(
    { registry: {} } as HookyardConfig,
    registry as unknown as RegistryClient,
    stream as unknown as EventStreamWriter,
    repositories as unknown as KnownRepositories,
    new FakeDeletedDigests() as unknown as DeletedDigests,
  );
});

describe('DistributionService TAG_DELETE', () => {
  it('takes the digest from the manifest delete of the same request, in a later envelope', async () => {
    await service.ingest(envelope(7), 'distribution');
    await service.ingest(envelope(8), 'distribution');
    expect(stream.events.map((event) => [event.type, event.contents.digest])).toEqual([
      ['MANIFEST_DELETE', DELETED],
      ['TAG_DELETE', DELETED],
    ]);
  });

  it('takes it from the same envelope too, and leaves it empty when nothing is known', async () => {
    await service.ingest({ events: [...envelope(7).events, ...envelope(8).events] }, 'distribution');
    const unknown = envelope(8).events.map((event: { request: object }) => ({
      ...event,
      id: 'other',
      request: { ...event.request, id: 'another-request' },
    }));
    await service.ingest({ events: unknown }, 'distribution');
    expect(stream.events.map((event) => [event.type, event.contents.digest])).toEqual([
      ['MANIFEST_DELETE', DELETED],
      ['TAG_DELETE', DELETED],
      ['TAG_DELETE', ''],
    ]);
  });
});

describe('DistributionService REPO_CREATED', () => {
  const types = () => stream.events.map((event) => event.type);

  it('is emitted once for the first push, not for later ones', async () => {
    expect(await service.ingest(pushEnvelope, 'distribution')).toEqual({ accepted: 1, emitted: 3 });
    const later = { events: [{ ...pushEnvelope.events[0], id: 'a-later-push' }] };
    expect(await service.ingest(later, 'distribution')).toEqual({ accepted: 1, emitted: 2 });
    expect(types()).toEqual(['REPO_CREATED', 'TAG_PUSH', 'MANIFEST_PUSH', 'TAG_PUSH', 'MANIFEST_PUSH']);
  });

  it('is still emitted when the append failed and the registry retries', async () => {
    stream.failNext = true;
    await expect(service.ingest(pushEnvelope, 'distribution')).rejects.toThrow(ServiceUnavailableException);
    expect(repositories.seen.size).toBe(0);
    await service.ingest(pushEnvelope, 'distribution');
    expect(types()).toEqual(['REPO_CREATED', 'TAG_PUSH', 'MANIFEST_PUSH']);
    expect([...repositories.seen]).toEqual(['acme/api']);
  });

  it('is not doubled when recording the repository failed after the append', async () => {
    repositories.failNextMark = true;
    await expect(service.ingest(pushEnvelope, 'distribution')).rejects.toThrow('database connection lost');
    expect(await service.ingest(pushEnvelope, 'distribution')).toEqual({ accepted: 1, emitted: 0 });
    expect(types()).toEqual(['REPO_CREATED', 'TAG_PUSH', 'MANIFEST_PUSH']);
  });
});
