import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { Receiver, RecordedRequest, startReceiver } from '../receiver';
import {
  buildMultiArchOciImage,
  buildOciImage,
  deleteManifest,
  manifestDigest,
  OCI_INDEX_MEDIA_TYPE,
  OCI_MANIFEST_MEDIA_TYPE,
  platformManifests,
  RunningRegistry,
  skopeoCopy,
  skopeoInspect,
  startRegistry,
} from './index';
import { simpleRequest } from './registry-http';

jest.setTimeout(30000);

interface RegistryEvent {
  id: string;
  action: string;
  target: { mediaType?: string; digest?: string; repository: string; tag?: string };
  request: { method: string };
  actor: { name?: string };
}

const EVENTS_CONTENT_TYPE = 'application/vnd.docker.distribution.events.v1+json';
const REPO = 'acme/team/api';
const CREDENTIALS = { username: 'alice', password: 'pa:ss word' };

function eventsOf(request: RecordedRequest): RegistryEvent[] {
  return (JSON.parse(request.body) as { events: RegistryEvent[] }).events;
}

function allEvents(receiver: Receiver): RegistryEvent[] {
  return receiver.requests.flatMap(eventsOf);
}

async function waitForEvent(
  receiver: Receiver,
  match: (event: RegistryEvent) => boolean,
): Promise<RegistryEvent> {
  const request = await receiver.waitForRequest((r) => eventsOf(r).some(match), 10000);
  return eventsOf(request).find(match)!;
}

describe('registry harness', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const track = <T>(value: T, cleanup: (value: T) => Promise<unknown> | unknown): T => {
    cleanups.push(() => cleanup(value));
    return value;
  };
  const layout = (dir: string): string => track(dir, (d) => rmSync(d, { recursive: true, force: true }));

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function registryWithReceiver(
    options: { htpasswd?: typeof CREDENTIALS } = {},
  ): Promise<{ registry: RunningRegistry; receiver: Receiver }> {
    const receiver = track(await startReceiver(), (r) => r.close());
    const registry = track(
      await startRegistry({ notifyUrl: receiver.url, notifyToken: 'ingest-token', ...options }),
      (r) => r.stop(),
    );
    return { registry, receiver };
  }

  it('pushes, inspects and deletes a single-arch image without auth', async () => {
    const { registry, receiver } = await registryWithReceiver();
    expect(registry.url).toBe(`http://${registry.host}`);
    const dir = layout(await buildOciImage({ files: { 'etc/motd': 'hello\n' } }));
    const digest = manifestDigest(dir);

    await skopeoCopy(dir, `${registry.host}/${REPO}:1.0`);
    const push = await waitForEvent(receiver, (e) => e.action === 'push' && e.target.tag === '1.0');
    expect(push).toMatchObject({
      target: { mediaType: OCI_MANIFEST_MEDIA_TYPE, digest, repository: REPO, tag: '1.0' },
      request: { method: 'PUT' },
      actor: {},
    });
    const delivery = receiver.requests.find((r) => eventsOf(r).some((e) => e.id === push.id))!;
    expect(delivery.method).toBe('POST');
    expect(delivery.headers.authorization).toBe('Bearer ingest-token');
    expect(delivery.headers['content-type']).toBe(EVENTS_CONTENT_TYPE);
    // Blob uploads come first: one layer and one config, each its own envelope.
    const pushes = allEvents(receiver).filter((e) => e.action === 'push');
    expect(pushes.map((e) => e.target.mediaType)).toEqual([
      'application/octet-stream',
      'application/octet-stream',
      OCI_MANIFEST_MEDIA_TYPE,
    ]);

    const inspected = (await skopeoInspect(`${registry.host}/${REPO}:1.0`)) as { Digest: string; Os: string };
    expect(inspected).toMatchObject({ Digest: digest, Os: 'linux' });
    await waitForEvent(
      receiver,
      (e) => e.action === 'pull' && e.target.digest === digest && e.target.tag === '1.0',
    );
    const raw = (await skopeoInspect(`${registry.host}/${REPO}@${digest}`, { raw: true })) as {
      mediaType: string;
    };
    expect(raw.mediaType).toBe(OCI_MANIFEST_MEDIA_TYPE);

    await deleteManifest(registry.url, REPO, digest);
    await waitForEvent(receiver, (e) => e.action === 'delete' && e.target.digest === digest);
    await waitForEvent(receiver, (e) => e.action === 'delete' && e.target.tag === '1.0');
    await expect(skopeoInspect(`${registry.host}/${REPO}:1.0`)).rejects.toThrow(/manifest unknown/);
  });

  it('pushes with htpasswd auth and reports the actor', async () => {
    const { registry, receiver } = await registryWithReceiver({ htpasswd: CREDENTIALS });
    expect((await simpleRequest('GET', `${registry.url}/v2/`)).status).toBe(401);
    const dir = layout(await buildOciImage({ architecture: 'arm64', variant: 'v8' }));
    const digest = manifestDigest(dir);

    await expect(skopeoCopy(dir, `${registry.host}/${REPO}:1.0`)).rejects.toThrow(
      /unauthorized|authentication required/i,
    );
    await expect(
      skopeoCopy(dir, `${registry.host}/${REPO}:1.0`, { credentials: { ...CREDENTIALS, password: 'wrong' } }),
    ).rejects.toThrow(/unauthorized|authentication required/i);

    await skopeoCopy(dir, `${registry.host}/${REPO}:1.0`, { credentials: CREDENTIALS });
    const push = await waitForEvent(receiver, (e) => e.action === 'push' && e.target.tag === '1.0');
    expect(push).toMatchObject({ target: { digest, repository: REPO }, actor: { name: 'alice' } });

    const raw = (await skopeoInspect(`${registry.host}/${REPO}:1.0`, {
      credentials: CREDENTIALS,
      raw: true,
    })) as {
      layers: unknown[];
    };
    expect(raw.layers).toHaveLength(1);
    await waitForEvent(receiver, (e) => e.action === 'pull' && e.actor.name === 'alice');

    await expect(deleteManifest(registry.url, REPO, digest)).rejects.toThrow(/401/);
    await deleteManifest(registry.url, REPO, digest, CREDENTIALS);
    const deleted = await waitForEvent(receiver, (e) => e.action === 'delete' && e.target.digest === digest);
    expect(deleted.actor.name).toBe('alice');
  });

  it('pushes a multi-arch image as per-platform manifests followed by the tagged index', async () => {
    const { registry, receiver } = await registryWithReceiver();
    const dir = layout(
      await buildMultiArchOciImage([
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ]),
    );
    const indexDigest = manifestDigest(dir);
    const platforms = platformManifests(dir);
    expect(platforms.map((p) => p.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);

    await skopeoCopy(dir, `${registry.host}/${REPO}:2.0`, { all: true });
    const indexPush = await waitForEvent(receiver, (e) => e.action === 'push' && e.target.tag === '2.0');
    expect(indexPush.target).toMatchObject({ mediaType: OCI_INDEX_MEDIA_TYPE, digest: indexDigest });
    const manifestPushes = allEvents(receiver).filter(
      (e) => e.action === 'push' && e.target.mediaType === OCI_MANIFEST_MEDIA_TYPE,
    );
    expect(manifestPushes.map((e) => e.target.digest).sort()).toEqual(platforms.map((p) => p.digest).sort());
    expect(manifestPushes.every((e) => e.target.tag === undefined)).toBe(true);

    const raw = (await skopeoInspect(`${registry.host}/${REPO}:2.0`, { raw: true })) as {
      mediaType: string;
      manifests: Array<{ digest: string }>;
    };
    expect(raw.mediaType).toBe(OCI_INDEX_MEDIA_TYPE);
    expect(raw.manifests.map((m) => m.digest)).toEqual(platforms.map((p) => p.digest));
  });

  it('gives each seed its own digests and the same seed the same ones', async () => {
    const a = layout(await buildOciImage({ seed: 'a' }));
    const b = layout(await buildOciImage({ seed: 'b' }));
    const again = layout(await buildOciImage({ seed: 'a' }));
    const arm = layout(await buildOciImage({ seed: 'a', architecture: 'arm64' }));
    expect(manifestDigest(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifestDigest(a)).toBe(manifestDigest(again));
    expect(new Set([a, b, arm].map(manifestDigest)).size).toBe(3);
  });

  it('fails with the registry log when the port is taken', async () => {
    // startRegistry may poll the port before the registry has exited: drop those connections, or
    // close() would wait for them forever (an unread socket never sees its end).
    const blocker = track(
      createServer((socket) => socket.destroy()),
      (s: Server) => new Promise((r) => s.close(r)),
    );
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as { port: number };
    await expect(startRegistry({ port })).rejects.toThrow(/exited .*address already in use/s);
  });
});
