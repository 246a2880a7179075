import {
  buildOciImage,
  eventually,
  freePort,
  manifestDigest,
  Receiver,
  RunningRegistry,
  skopeoCopy,
  Stack,
  startReceiver,
  startRegistry,
  startStack,
  verifySignature,
} from '@hookyard/testing';
import { randomBytes } from 'node:crypto';

/** The walking skeleton: a real registry push reaches a subscriber, signed. */
describe('registry push → subscriber (e2e)', () => {
  let stack: Stack;
  let registry: RunningRegistry;
  let receiver: Receiver;

  beforeAll(async () => {
    // The registry is started first: ingest reads manifests from it (REGISTRY_URL).
    const ingestPort = await freePort();
    const ingestToken = `registry-${randomBytes(16).toString('hex')}`;
    registry = await startRegistry({
      notifyUrl: `http://127.0.0.1:${ingestPort}/events/distribution`,
      notifyToken: ingestToken,
    });
    stack = await startStack({
      env: { INGEST_PORT: String(ingestPort), INGEST_TOKEN: ingestToken, REGISTRY_URL: registry.url },
    });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await registry?.stop();
    await stack?.stop();
  });

  it('delivers exactly one signed TAG_PUSH with the image fields', async () => {
    const created = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
      method: 'POST',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TAG_PUSH', key: 'acme/api', endpoint: receiver.url }),
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string; lastSuccessfulAt: string };
    expect(webhook.id).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook.lastSuccessfulAt).toBe('0001-01-01T00:00:00Z');

    const layout = await buildOciImage({ os: 'linux', architecture: 'arm64' });
    await skopeoCopy(layout, `${registry.host}/acme/api:1.0`);

    const [request] = await receiver.waitForRequests(1, 30_000);
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      type: 'TAG_PUSH',
      createdAt: expect.any(String),
      contents: expect.objectContaining({
        namespace: 'acme',
        repository: 'api',
        tag: '1.0',
        digest: manifestDigest(layout),
        os: 'linux',
        architecture: 'arm64',
        imageName: `${registry.host}/acme/api:1.0`,
        author: '',
        pushedAt: expect.any(String),
      }),
    });
    expect(verifySignature(webhook.secret, request)).toEqual(body);

    // Nothing more arrives (MANIFEST_PUSH and blob events have no subscriber here).
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);

    // lastSuccessfulAt is written within about a second of the success.
    await eventually(async () => {
      const list = await fetch(`${stack.url('gateway')}/api/v0/webhooks`, {
        headers: { authorization: stack.adminAuth },
      });
      const [listed] = (await list.json()) as Array<{ lastSuccessfulAt: string }>;
      return listed.lastSuccessfulAt !== '0001-01-01T00:00:00Z' ? true : undefined;
    });
  });
});
