import type { CanonicalEvent } from '@hookyard/events';
import { eventStreamKey, STREAM_EVENT_FIELD } from '@hookyard/queue';
import {
  buildMultiArchOciImage,
  buildOciImage,
  deleteManifest,
  freePort,
  manifestDigest,
  platformManifests,
  RunningRegistry,
  skopeoCopy,
  skopeoInspect,
  Stack,
  startRegistry,
  startStack,
} from '@hookyard/testing';
import { rmSync } from 'node:fs';

const credentials = { username: 'pusher', password: 'pusher-secret-123' };
const REPO = 'acme/team/api';

/**
 * A real registry with htpasswd auth notifying ingest: pushes (single- and multi-arch), pulls and a
 * delete become exactly this sequence of canonical events in the stream.
 */
describe('registry events → canonical events (e2e)', () => {
  let stack: Stack;
  let registry: RunningRegistry;
  let streamKey: string;
  const layouts: string[] = [];

  beforeAll(async () => {
    const ingestPort = await freePort();
    const registryPort = await freePort();
    registry = await startRegistry({
      port: registryPort,
      htpasswd: credentials,
      notifyUrl: `http://127.0.0.1:${ingestPort}/events/distribution`,
      notifyToken: 'registry-ingest-token-0123456789',
    });
    stack = await startStack({
      apps: ['ingest'],
      env: {
        INGEST_PORT: String(ingestPort),
        INGEST_TOKEN: 'registry-ingest-token-0123456789',
        REGISTRY_URL: registry.url,
        REGISTRY_USERNAME: credentials.username,
        REGISTRY_PASSWORD: credentials.password,
      },
    });
    streamKey = eventStreamKey(stack.env.REDIS_PREFIX);
  });

  afterAll(async () => {
    await registry?.stop();
    await stack?.stop();
    for (const layout of layouts) rmSync(layout, { recursive: true, force: true });
  });

  async function streamEvents(): Promise<CanonicalEvent[]> {
    const entries = await stack.redis.xrange(streamKey, '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf(STREAM_EVENT_FIELD) + 1]));
  }

  /** Polls until `count` events are in the stream, then checks no more arrive. */
  async function waitForEvents(count: number): Promise<CanonicalEvent[]> {
    const deadline = Date.now() + 20_000;
    while ((await stack.redis.xlen(streamKey)) < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    return streamEvents();
  }

  const summary = (events: CanonicalEvent[]) =>
    events.map(({ type, contents }) => {
      const { os, architecture, tag, digest } = contents as Record<string, unknown>;
      return [type, tag ?? '', digest ?? '', os ?? '', architecture ?? ''];
    });

  it('emits the exact sequence for pushes, pulls and a delete', async () => {
    const single = await buildOciImage({ os: 'linux', architecture: 'arm64' });
    layouts.push(single);
    const digest = manifestDigest(single);
    await skopeoCopy(single, `${registry.host}/${REPO}:1.0`, { credentials });
    const pushed = await waitForEvents(3);
    expect(summary(pushed)).toEqual([
      ['REPO_CREATED', '', '', '', ''],
      ['TAG_PUSH', '1.0', digest, 'linux', 'arm64'],
      ['MANIFEST_PUSH', '', digest, 'linux', 'arm64'],
    ]);
    const pushedAt = (pushed[1].contents as { pushedAt: string }).pushedAt;
    expect(pushed[0]).toMatchObject({
      source: 'distribution',
      namespace: 'acme',
      repository: 'team/api',
      contents: {
        namespace: 'acme',
        repository: 'team/api',
        event: 'REPO_CREATED',
        author: credentials.username,
        // DTR's repository object, as Hookyard made it on this first push (no account acme here).
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          namespace: 'acme',
          namespaceType: 'user',
          name: 'team/api',
          shortDescription: '',
          longDescription: '',
          visibility: 'private',
          scanOnPush: false,
          immutableTags: false,
          enableManifestLists: false,
          pulls: 0,
          pushes: 0,
          tagLimit: 0,
        },
      },
    });
    expect(pushed[1].contents).toEqual({
      namespace: 'acme',
      repository: 'team/api',
      tag: '1.0',
      digest,
      imageName: `${registry.host}/${REPO}:1.0`,
      os: 'linux',
      architecture: 'arm64',
      author: credentials.username,
      pushedAt,
    });
    expect(pushed[2].contents).toMatchObject({ imageName: `${registry.host}/${REPO}@${digest}`, pushedAt });

    // skopeo pushes each platform manifest by digest, then the index with the tag.
    const multi = await buildMultiArchOciImage([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    layouts.push(multi);
    const index = manifestDigest(multi);
    const [amd64, arm64] = platformManifests(multi);
    await skopeoCopy(multi, `${registry.host}/${REPO}:2.0`, { credentials, all: true });
    const multiEvents = (await waitForEvents(7)).slice(3);
    expect(summary(multiEvents)).toEqual([
      ['MANIFEST_PUSH', '', amd64.digest, 'linux', 'amd64'],
      ['MANIFEST_PUSH', '', arm64.digest, 'linux', 'arm64'],
      ['TAG_PUSH', '2.0', index, '', ''],
      ['MANIFEST_PUSH', '', index, '', ''],
    ]);
    const platforms = [
      { digest: amd64.digest, os: 'linux', architecture: 'amd64' },
      { digest: arm64.digest, os: 'linux', architecture: 'arm64', variant: 'v8' },
    ];
    expect(multiEvents[2].contents).toMatchObject({ imageName: `${registry.host}/${REPO}:2.0`, platforms });
    expect(multiEvents[3].contents).toMatchObject({ platforms });
    expect(multiEvents[0].contents).not.toHaveProperty('platforms');

    await skopeoInspect(`${registry.host}/${REPO}:1.0`, { credentials });
    await waitForEvents(9);
    await skopeoInspect(`${registry.host}/${REPO}@${digest}`, { credentials });
    await waitForEvents(10);
    await deleteManifest(registry.url, REPO, digest, credentials);
    const rest = (await waitForEvents(12)).slice(7);
    expect(summary(rest)).toEqual([
      ['TAG_PULL', '1.0', digest, 'linux', 'arm64'],
      ['MANIFEST_PULL', '', digest, 'linux', 'arm64'],
      ['MANIFEST_PULL', '', digest, 'linux', 'arm64'],
      ['MANIFEST_DELETE', '', digest, '', ''],
      // Distribution's tag-delete event names no digest; ingest takes it from the manifest delete.
      ['TAG_DELETE', '1.0', digest, '', ''],
    ]);
    for (const event of rest) expect(event.contents).toMatchObject({ author: credentials.username });
    expect(rest[3].contents).toMatchObject({ imageName: `${registry.host}/${REPO}@${digest}` });

    // Nothing else: ingest's own reads of the registry produced no pull events, and there were no
    // duplicates.
    const all = await streamEvents();
    expect(all).toHaveLength(12);
    expect(new Set(all.map((event) => event.id)).size).toBe(12);
  });

  it('still delivers, with empty os/architecture and a warning, when the registry cannot be read', async () => {
    await stack.stopApp('ingest');
    await stack.start('ingest', { REGISTRY_PASSWORD: 'not-the-password' });
    const image = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    layouts.push(image);
    await skopeoCopy(image, `${registry.host}/acme/other:1.0`, { credentials });
    const events = (await waitForEvents(15)).slice(12);
    expect(summary(events)).toEqual([
      ['REPO_CREATED', '', '', '', ''],
      ['TAG_PUSH', '1.0', manifestDigest(image), '', ''],
      ['MANIFEST_PUSH', '', manifestDigest(image), '', ''],
    ]);
    expect(stack.logs('ingest')).toMatch(/could not read acme\/other@sha256:[0-9a-f]{64} from the registry/);
  });
});
