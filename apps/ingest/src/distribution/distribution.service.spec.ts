import {
  DISTRIBUTION_3_FIXTURES_DIR,
  DISTRIBUTION_FIXTURES_DIR,
  readFixture,
  repositoryRecord,
} from '@hookyard/testing';
import type { HookyardConfig } from '@hookyard/config';
import { dtrRepository, type CanonicalEvent } from '@hookyard/events';
import type { RepositoryRecord } from '@hookyard/persistence';
import { ServiceUnavailableException } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { EventStreamWriter } from '../event-stream/event-stream.writer';
import type { RegistryClient } from '../registry/registry-client';
import type { DeletedDigests } from './deleted-digests';
import { DistributionService } from './distribution.service';
import type { KnownRepositories } from '../repositories/known-repositories';
import { RepositoryLifecycle } from '../repositories/repository-lifecycle';

const FIXTURES = DISTRIBUTION_FIXTURES_DIR;
const envelope = (n: number) => JSON.parse(readFileSync(`${FIXTURES}/envelope-${n}.json`, 'utf8')).body;
const pushEnvelope = envelope(2);
const DELETED = 'sha256:5b32f8851cb04cf34685f2f8a4a96e605a27afd85873c1cc374d1f0893c01d04';

/** The stream's contract: whole appends, dedup by key (none without). `failNext` simulates Redis going away. */
class FakeStream {
  readonly events: CanonicalEvent[] = [];
  private readonly keys = new Set<string>();
  failNext = false;

  async append(events: CanonicalEvent[]): Promise<number> {
    if (this.failNext) {
      this.failNext = false;
      throw new ServiceUnavailableException('event store unavailable, retry later');
    }
    const fresh = events.filter((event) => event.dedupKey === undefined || !this.keys.has(event.dedupKey));
    for (const { dedupKey } of fresh) if (dedupKey !== undefined) this.keys.add(dedupKey);
    this.events.push(...fresh);
    return fresh.length;
  }
}

/** KnownRepositories' contract over a map: made unannounced on a first push, announced after the append. */
class FakeRepositories {
  readonly rows = new Map<string, RepositoryRecord>();
  failNextMark = false;

  /** Names of the announced repositories. */
  get seen(): Set<string> {
    return new Set([...this.rows].filter(([, row]) => row.announced).map(([name]) => name));
  }

  async toAnnounce(fullName: string): Promise<RepositoryRecord | undefined> {
    const row = this.rows.get(fullName) ?? (repositoryRecord(fullName) as RepositoryRecord);
    this.rows.set(fullName, row);
    return row.announced ? undefined : row;
  }

  async find(fullName: string): Promise<RepositoryRecord | undefined> {
    return this.rows.get(fullName);
  }

  async markAnnounced(records: RepositoryRecord[]): Promise<void> {
    if (this.failNextMark) {
      this.failNextMark = false;
      throw new Error('database connection lost');
    }
    for (const record of records) record.announced = true;
  }

  async forget(fullNames: string[]): Promise<void> {
    for (const fullName of fullNames) this.rows.delete(fullName);
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
    new RepositoryLifecycle(repositories as unknown as KnownRepositories),
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
    expect(repositories.seen).toEqual(new Set(['acme/api']));
  });

  it("carries DTR's repository object as its data", async () => {
    await service.ingest(pushEnvelope, 'distribution');
    const [created] = stream.events;
    expect(created.contents).toMatchObject({
      event: 'REPO_CREATED',
      data: dtrRepository(repositories.rows.get('acme/api')!),
    });
  });
});

describe('DistributionService with Distribution 3 envelopes', () => {
  type Envelope = { events: Array<{ id: string; target: { digest: string } }> };
  const v3 = (n: number) => readFixture<Envelope>(DISTRIBUTION_3_FIXTURES_DIR, `envelope-${n}.json`).body;
  const types = () => stream.events.map((event) => event.type);

  it('maps the sequence, with no registry read for an index that lists its manifests', async () => {
    const reads: string[] = [];
    (service as unknown as { registry: RegistryClient }).registry = {
      platforms: async (_repository: string, digest: string) => {
        reads.push(digest);
        return { isIndex: false, platforms: [{ digest, os: 'linux', architecture: 'amd64' }] };
      },
    } as unknown as RegistryClient;
    for (let n = 0; n <= 6; n++) await service.ingest(v3(n), 'distribution');
    expect(types()).toEqual([
      'REPO_CREATED',
      'MANIFEST_PUSH',
      'MANIFEST_PUSH',
      'TAG_PUSH',
      'MANIFEST_PUSH',
      'TAG_PULL',
      'MANIFEST_PULL',
      'MANIFEST_DELETE',
      'TAG_DELETE',
    ]);
    const index = v3(3).events[0].target.digest;
    // The two platform manifests are read; the index (pushed and pulled) is not.
    expect(reads).toEqual([v3(1).events[0].target.digest, v3(2).events[0].target.digest]);
    // The tag delete takes its digest from the manifest delete of the same request.
    expect(stream.events.at(-1)!.contents).toMatchObject({ tag: '2.0', digest: index });
  });

  it('emits REPO_DELETED for a repository delete, and REPO_CREATED again when it is pushed anew', async () => {
    await service.ingest(v3(1), 'distribution');
    const deletedRow = repositories.rows.get('acme/api')!;
    expect(await service.ingest(v3(7), 'distribution')).toEqual({ accepted: 1, emitted: 1 });
    expect(stream.events.at(-1)).toMatchObject({
      type: 'REPO_DELETED',
      namespace: 'acme',
      repository: 'api',
      contents: { event: 'REPO_DELETED', author: '', data: dtrRepository(deletedRow) },
    });
    expect(repositories.seen.has('acme/api')).toBe(false);
    // A retry of the delete emits nothing more.
    expect(await service.ingest(v3(7), 'distribution')).toEqual({ accepted: 1, emitted: 0 });
    const again = { events: [{ ...v3(1).events[0], id: 'pushed-again' }] };
    await service.ingest(again, 'distribution');
    expect(types()).toEqual([
      'REPO_CREATED',
      'MANIFEST_PUSH',
      'REPO_DELETED',
      'REPO_CREATED',
      'MANIFEST_PUSH',
    ]);
    expect(stream.events.at(-2)!.dedupKey).not.toBe(stream.events[0].dedupKey);
  });

  it('emits REPO_DELETED with `{}` for a repository Hookyard never knew', async () => {
    const [removed] = v3(7).events as Array<{ id: string; target: object }>;
    const unknown = {
      ...removed,
      id: 'unknown-delete',
      target: { ...removed.target, repository: 'acme/never' },
    };
    await service.ingest({ events: [unknown] }, 'distribution');
    expect(stream.events).toMatchObject([
      { type: 'REPO_DELETED', repository: 'never', contents: { data: {} } },
    ]);
  });
});
