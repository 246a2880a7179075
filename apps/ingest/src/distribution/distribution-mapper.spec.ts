import {
  DISTRIBUTION_3_FIXTURES_DIR,
  DISTRIBUTION_FIXTURES_DIR,
  readFixture,
  repositoryRecord,
} from '@hookyard/testing';
import {
  dtrRepository,
  repoCreatedEvent,
  repoDeletedEvent,
  validateContents,
  validateContentsWithClassValidator,
} from '@hookyard/events';
import { readFileSync } from 'node:fs';
import type { ManifestPlatforms } from '../registry/registry-client';
import { parseDistributionEnvelope } from './distribution-envelope';
import {
  distributionDedupKey,
  isManifestEvent,
  isRepositoryDelete,
  mapDistributionEvent,
  platformsFromReferences,
  repositoryActivity,
} from './distribution-mapper';

const FIXTURES = DISTRIBUTION_FIXTURES_DIR;
const DIGEST = 'sha256:5b32f8851cb04cf34685f2f8a4a96e605a27afd85873c1cc374d1f0893c01d04';
const AMD64: ManifestPlatforms = {
  isIndex: false,
  platforms: [{ digest: DIGEST, os: 'linux', architecture: 'amd64' }],
};
const NONE: ManifestPlatforms = { isIndex: false, platforms: [] };

function fixture(n: number) {
  const { contentType, body } = JSON.parse(readFileSync(`${FIXTURES}/envelope-${n}.json`, 'utf8'));
  expect(contentType).toBe('application/vnd.docker.distribution.events.v1+json');
  return parseDistributionEnvelope(body);
}

function mapFixture(n: number, manifest = NONE) {
  return fixture(n).flatMap((event) => mapDistributionEvent(event, { source: 'distribution', manifest }));
}

describe('mapDistributionEvent with the distribution 2.8.2 captures', () => {
  it('yields contents the compiled validation answers as class-validator does', () => {
    for (let n = 0; n <= 8; n++) {
      for (const event of mapFixture(n, AMD64)) {
        expect(validateContents(event.type, event.contents)).toStrictEqual(
          validateContentsWithClassValidator(event.type, event.contents),
        );
      }
    }
  });

  it('drops blob pushes and blob pulls', () => {
    for (const n of [0, 1, 4, 6]) {
      expect(fixture(n).map(isManifestEvent)).toEqual([false]);
      expect(mapFixture(n)).toEqual([]);
    }
  });

  it('maps a manifest push with a tag to TAG_PUSH then MANIFEST_PUSH, enriched', () => {
    const events = mapFixture(2, AMD64);
    expect(events.map((event) => event.type)).toEqual(['TAG_PUSH', 'MANIFEST_PUSH']);
    const common = {
      namespace: 'acme',
      repository: 'api',
      digest: DIGEST,
      os: 'linux',
      architecture: 'amd64',
      author: '',
      pushedAt: '2026-11-23T06:00:49.428Z',
    };
    expect(events[0].contents).toEqual({ ...common, tag: '1.0', imageName: '127.0.0.1:5000/acme/api:1.0' });
    expect(events[1].contents).toEqual({ ...common, imageName: `127.0.0.1:5000/acme/api@${DIGEST}` });
    expect(events[0]).toMatchObject({
      source: 'distribution',
      namespace: 'acme',
      repository: 'api',
      occurredAt: '2026-11-23T06:00:49.428Z',
      dedupKey: 'distribution:distribution:e587b2d2-c311-4a4d-bc17-88efa2a3646c:TAG_PUSH',
    });
    for (const event of events) expect(validateContents(event.type, event.contents).errors).toEqual([]);
  });

  it("takes Distribution's event id within its producer: another producer's event of the same id is another event", () => {
    const [event] = fixture(2);
    const [own] = mapDistributionEvent(event, { source: 'distribution', manifest: AMD64 });
    const [other] = mapDistributionEvent(event, { source: 'mirror', manifest: AMD64 });
    expect(other.dedupKey).not.toBe(own.dedupKey);
    expect(other.id).not.toBe(own.id);
  });

  it('maps manifest pulls with a tag to TAG_PULL then MANIFEST_PULL', () => {
    for (const n of [3, 5]) {
      const events = mapFixture(n, AMD64);
      expect(events.map((event) => event.type)).toEqual(['TAG_PULL', 'MANIFEST_PULL']);
      expect(events[0].contents).toMatchObject({ tag: '1.0', digest: DIGEST, pulledAt: expect.any(String) });
      for (const event of events) expect(validateContents(event.type, event.contents).errors).toEqual([]);
    }
  });

  it('maps a delete by digest to MANIFEST_DELETE and a tag delete to TAG_DELETE', () => {
    const [manifestDelete] = mapFixture(7);
    expect(manifestDelete.type).toBe('MANIFEST_DELETE');
    expect(manifestDelete.contents).toMatchObject({
      digest: DIGEST,
      imageName: `127.0.0.1:5000/acme/api@${DIGEST}`,
      os: '',
      architecture: '',
      deletedAt: expect.any(String),
    });
    expect(validateContents('MANIFEST_DELETE', manifestDelete.contents).errors).toEqual([]);
    const tagDelete = mapFixture(8);
    expect(tagDelete.map((event) => event.type)).toEqual(['TAG_DELETE']);
    expect(tagDelete[0].contents).toMatchObject({ tag: '1.0', imageName: '127.0.0.1:5000/acme/api:1.0' });
  });

  it('gives the same ids to a retried envelope and different ids to different events', () => {
    const first = mapFixture(2).map((event) => event.id);
    expect(mapFixture(2).map((event) => event.id)).toEqual(first);
    expect(new Set([...first, ...mapFixture(3).map((event) => event.id)]).size).toBe(4);
  });
});

describe('mapDistributionEvent beyond the captures', () => {
  const [push] = fixture(2);
  const nested = {
    ...push,
    target: { ...push.target, repository: 'acme/team/api' },
    actor: { name: 'alice' },
  };

  it('splits nested names at the first segment and takes the author from actor.name', () => {
    const [tagPush] = mapDistributionEvent(nested, {
      source: 'distribution',
      publicHost: 'registry.example.com',
      manifest: AMD64,
    });
    expect(tagPush).toMatchObject({ namespace: 'acme', repository: 'team/api' });
    expect(tagPush.contents).toMatchObject({
      namespace: 'acme',
      repository: 'team/api',
      author: 'alice',
      imageName: 'registry.example.com/acme/team/api:1.0',
    });
  });

  it('gives an index empty os/architecture and its platform list on TAG_PUSH and MANIFEST_PUSH', () => {
    const platforms = [
      { digest: `sha256:${'a'.repeat(64)}`, os: 'linux', architecture: 'amd64' },
      { digest: `sha256:${'b'.repeat(64)}`, os: 'linux', architecture: 'arm64', variant: 'v8' },
    ];
    const events = mapDistributionEvent(nested, {
      source: 'distribution',
      manifest: { isIndex: true, platforms },
    });
    expect(events.map((event) => event.type)).toEqual(['TAG_PUSH', 'MANIFEST_PUSH']);
    for (const event of events) {
      expect(event.contents).toMatchObject({ os: '', architecture: '', platforms });
      expect(validateContents(event.type, event.contents)).toEqual({ contents: event.contents, errors: [] });
    }
  });

  it('maps a push by digest to MANIFEST_PUSH only', () => {
    const byDigest = { ...push, target: { ...push.target, tag: undefined } };
    expect(
      mapDistributionEvent(byDigest, { source: 'distribution', manifest: AMD64 }).map((e) => e.type),
    ).toEqual(['MANIFEST_PUSH']);
  });

  it('drops HEAD checks of blobs and blob mounts', () => {
    const head = {
      ...push,
      action: 'pull' as const,
      target: {
        ...push.target,
        mediaType: 'application/octet-stream',
        url: 'http://r/v2/acme/api/blobs/sha256:x',
        tag: undefined,
      },
    };
    expect(isManifestEvent(head)).toBe(false);
    expect(isManifestEvent({ ...push, action: 'mount' })).toBe(false);
  });

  it("drops the pulls ingest's own enrichment reads cause", () => {
    const ownRead = { ...push, action: 'pull' as const, request: { useragent: 'hookyard-ingest' } };
    expect(mapDistributionEvent(ownRead, { source: 'distribution', manifest: AMD64 })).toEqual([]);
    const userPull = { ...ownRead, request: { useragent: 'skopeo/1.9.3' } };
    expect(mapDistributionEvent(userPull, { source: 'distribution', manifest: AMD64 })).toHaveLength(2);
  });

  it("builds REPO_CREATED with DTR's repository object, deduplicated by the repository's id", () => {
    const repository = repositoryRecord('acme/team/api');
    const created = repoCreatedEvent(repositoryActivity(nested), 'distribution', repository);
    expect(created).toMatchObject({
      type: 'REPO_CREATED',
      namespace: 'acme',
      repository: 'team/api',
      dedupKey: `repo-created:${repository.id}`,
    });
    expect(created.contents).toEqual({
      namespace: 'acme',
      repository: 'team/api',
      event: 'REPO_CREATED',
      author: 'alice',
      data: dtrRepository(repository),
    });
    expect(validateContents('REPO_CREATED', created.contents).errors).toEqual([]);
    const samePush = repoCreatedEvent(
      repositoryActivity({ ...nested, id: 'other' }),
      'distribution',
      repository,
    );
    expect(samePush.id).toBe(created.id);
    const madeAgain = repoCreatedEvent(
      repositoryActivity(nested),
      'distribution',
      repositoryRecord('acme/team/api'),
    );
    expect(madeAgain.id).not.toBe(created.id);
  });
});

describe('mapDistributionEvent with the Distribution 3 envelopes', () => {
  const v3 = (n: number) => {
    const { contentType, body } = readFixture(DISTRIBUTION_3_FIXTURES_DIR, `envelope-${n}.json`);
    expect(contentType).toBe('application/vnd.docker.distribution.events.v2+json');
    return parseDistributionEnvelope(body);
  };
  const map = (n: number, manifest = NONE) =>
    v3(n).flatMap((event) => mapDistributionEvent(event, { source: 'distribution', manifest }));
  const [amd64, arm64] = v3(3)[0].target.references!;

  it('drops the blob push and keeps the 2.x mapping for manifests, with the OCI descriptor target', () => {
    expect(v3(0).map(isManifestEvent)).toEqual([false]);
    expect(map(1).map((event) => [event.type, event.contents.digest])).toEqual([
      ['MANIFEST_PUSH', amd64.digest],
    ]);
    const pulled = map(4);
    expect(pulled.map((event) => event.type)).toEqual(['TAG_PULL', 'MANIFEST_PULL']);
    expect(pulled[0].contents).toMatchObject({
      tag: '2.0',
      author: 'ci-bot',
      namespace: 'acme',
      repository: 'api',
    });
  });

  it("takes an index's platforms from target.references, leaving out the attestation manifest", () => {
    const [index] = v3(3);
    const listed = platformsFromReferences(index);
    expect(listed).toEqual({
      isIndex: true,
      platforms: [
        { digest: amd64.digest, os: 'linux', architecture: 'amd64' },
        { digest: arm64.digest, os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    const events = map(3, listed);
    expect(events.map((event) => event.type)).toEqual(['TAG_PUSH', 'MANIFEST_PUSH']);
    for (const event of events) {
      expect(event.contents).toMatchObject({ os: '', architecture: '', platforms: listed!.platforms });
      expect(validateContents(event.type, event.contents).errors).toEqual([]);
    }
    // An image manifest's references are its config and layers: no platforms from them.
    expect(platformsFromReferences(v3(1)[0])).toBeUndefined();
  });

  it('maps a delete by digest and a tag delete (whose target has mediaType and digest empty)', () => {
    expect(map(5).map((event) => [event.type, event.contents.digest])).toEqual([
      ['MANIFEST_DELETE', v3(3)[0].target.digest],
    ]);
    const [tagDelete] = v3(6);
    expect(tagDelete.target).toMatchObject({ mediaType: '', digest: '', tag: '2.0' });
    expect(isRepositoryDelete(tagDelete)).toBe(false);
    expect(map(6).map((event) => [event.type, event.contents.tag])).toEqual([['TAG_DELETE', '2.0']]);
  });

  it('tells a repository delete (neither digest nor tag) from manifest events', () => {
    const [removed] = v3(7);
    expect(isRepositoryDelete(removed)).toBe(true);
    expect(isManifestEvent(removed)).toBe(false);
    const deleted = repoDeletedEvent(
      repositoryActivity(removed),
      'distribution',
      distributionDedupKey('distribution', removed.id, 'REPO_DELETED'),
    );
    expect(deleted).toMatchObject({ type: 'REPO_DELETED', namespace: 'acme', repository: 'api' });
    expect(deleted.contents).toEqual({
      namespace: 'acme',
      repository: 'api',
      event: 'REPO_DELETED',
      author: '',
      data: {},
    });
    expect(validateContents('REPO_DELETED', deleted.contents).errors).toEqual([]);
  });
});
