import { EXAMPLE_CONTENTS } from '@hookyard/events';
import {
  basicAuth,
  buildOciImage,
  createOrganization,
  createTeam,
  createUserWithToken,
  DISTRIBUTION_3_FIXTURES_DIR,
  eventually,
  freePort,
  gatewayApi,
  grantRepositoryAccess,
  readFixture,
  RunningRegistry,
  skopeoCopy,
  skopeoInspect,
  Stack,
  startRegistry,
  startStack,
  TestUser,
} from '@hookyard/testing';
import { rmSync } from 'node:fs';

const credentials = { username: 'pusher', password: 'pusher-secret-123' };
const INGEST_TOKEN = 'registry-ingest-token-activity-0123';

interface ListedEvent {
  id: string;
  type: string;
  publishedAt: string;
  actor: string;
  namespace: string | null;
  repository: string | null;
  contents: Record<string, unknown>;
}

/**
 * The activity stream as a DTR user reads it: a real registry's pushes and pulls, recorded by the
 * dispatcher's consumer group, listed by GET /api/v0/events and the repository's events, filtered,
 * paged, and only as far as the caller's access goes now.
 */
describe('activity stream (e2e)', () => {
  let stack: Stack;
  let registry: RunningRegistry;
  let reed: TestUser;
  let rita: TestUser;
  let stranger: TestUser;
  const layouts: string[] = [];

  beforeAll(async () => {
    const ingestPort = await freePort();
    registry = await startRegistry({
      htpasswd: credentials,
      notifyUrl: `http://127.0.0.1:${ingestPort}/events/distribution`,
      notifyToken: INGEST_TOKEN,
    });
    stack = await startStack({
      apps: ['gateway', 'ingest', 'dispatcher'],
      env: {
        INGEST_PORT: String(ingestPort),
        INGEST_TOKEN,
        REGISTRY_URL: registry.url,
        REGISTRY_USERNAME: credentials.username,
        REGISTRY_PASSWORD: credentials.password,
      },
    });
    await createOrganization(stack, 'acme');
    reed = await createUserWithToken(stack, 'reed');
    rita = await createUserWithToken(stack, 'rita');
    stranger = await createUserWithToken(stack, 'stranger');
  });

  afterAll(async () => {
    await registry?.stop();
    await stack?.stop();
    for (const layout of layouts) rmSync(layout, { recursive: true, force: true });
  });

  const events = async (path: string, user?: TestUser) => {
    const answer = await gatewayApi(stack, path, { auth: user && basicAuth(user) });
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { events: answer.body.events as ListedEvent[], next: answer.headers.get('x-next-page-start') };
  };
  const tagsOf = (listed: ListedEvent[]) => listed.map((event) => event.contents.tag);
  /** Why a push was not seen: what the registry and ingest said meanwhile. */
  const pushPath = () =>
    `registry log:\n${registry.logTail(15)}\ningest log:\n${stack.logs('ingest').split('\n').slice(-15).join('\n')}`;

  async function push(tag: string, repository = 'acme/api'): Promise<void> {
    const image = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    layouts.push(image);
    await skopeoCopy(image, `${registry.host}/${repository}:${tag}`, { credentials });
  }

  /** Waits until the admin reads `count` TAG_PUSH events of acme/api. */
  const recordedPushes = (count: number) =>
    eventually(
      async () => {
        const { events: pushes } = await events('/api/v0/repositories/acme/api/events?eventType=TAG_PUSH');
        return pushes.length === count ? pushes : undefined;
      },
      30_000,
      pushPath,
    );

  it('records a real push, for those with access to the repository and nobody else', async () => {
    await push('1.0');
    const [tagPush] = await recordedPushes(1);
    // The push made the repository (REPO_CREATED); grants are on repositories that exist.
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    expect(tagPush).toEqual({
      id: expect.any(String),
      type: 'TAG_PUSH',
      publishedAt: expect.any(String),
      occurredAt: expect.any(String),
      actor: 'pusher',
      source: 'distribution',
      namespace: 'acme',
      repository: 'api',
      contents: expect.objectContaining({ namespace: 'acme', repository: 'api', tag: '1.0', os: 'linux' }),
    });

    const asReader = await events('/api/v0/repositories/acme/api/events', reed);
    expect(asReader.events.map((event) => event.type).sort()).toEqual([
      'MANIFEST_PUSH',
      'REPO_CREATED',
      'TAG_PUSH',
    ]);
    expect((await events('/api/v0/events', reed)).events).toEqual(asReader.events);

    expect((await events('/api/v0/events', stranger)).events).toEqual([]);
    const hidden = await gatewayApi(stack, '/api/v0/repositories/acme/api/events', {
      auth: basicAuth(stranger),
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body.errors[0].code).toBe('NO_SUCH_REPOSITORY');
  });

  it('filters by type, actor and time, and pages newest first', async () => {
    await push('1.1');
    await push('1.2');
    const pushes = await recordedPushes(3);
    expect(tagsOf(pushes)).toEqual(['1.2', '1.1', '1.0']);

    const first = await events('/api/v0/repositories/acme/api/events?eventType=TAG_PUSH&pageSize=2', reed);
    expect(tagsOf(first.events)).toEqual(['1.2', '1.1']);
    expect(first.next).toEqual(expect.any(String));
    const second = await events(
      `/api/v0/repositories/acme/api/events?eventType=TAG_PUSH&pageSize=2&pageStart=${first.next}`,
      reed,
    );
    expect(tagsOf(second.events)).toEqual(['1.0']);
    expect(second.next).toBeNull();

    expect(tagsOf((await events('/api/v0/events?eventType=TAG_PUSH&actor=pusher', reed)).events)).toEqual([
      '1.2',
      '1.1',
      '1.0',
    ]);
    expect((await events('/api/v0/events?actor=nobody', reed)).events).toEqual([]);
    // The whole stream pages the same way, filters kept from page to page.
    const filtered = '/api/v0/events?eventType=TAG_PUSH&namespace=acme&repository=api&pageSize=2';
    const firstOfAll = await events(filtered, reed);
    const restOfAll = await events(`${filtered}&pageStart=${firstOfAll.next}`, reed);
    expect([tagsOf(firstOfAll.events), tagsOf(restOfAll.events), restOfAll.next]).toEqual([
      ['1.2', '1.1'],
      ['1.0'],
      null,
    ]);
    const after = encodeURIComponent(pushes[1].publishedAt);
    expect(
      tagsOf((await events(`/api/v0/events?eventType=TAG_PUSH&publishedAfter=${after}`)).events),
    ).toEqual(['1.2']);
    expect(
      tagsOf((await events(`/api/v0/events?eventType=TAG_PUSH&publishedBefore=${after}`)).events),
    ).toEqual(['1.0']);
    const inRepository = await events('/api/v0/events?namespace=acme&repository=api&eventType=MANIFEST_PUSH');
    expect(inRepository.events).toHaveLength(3);
    expect((await events('/api/v0/events?namespace=acme&repository=web')).events).toEqual([]);

    // Hostile filters: refused with 400 naming the field, never a 5xx or an empty page.
    const hostile = [
      ['eventType=NOPE', 'eventType'],
      ['eventType=TAG_PUSH&eventType=TAG_PULL', 'eventType'],
      ['publishedBefore=yesterday', 'publishedBefore'],
      ['publishedAfter=2026-02-30T00:00:00Z', 'publishedAfter'],
      ['publishedAfter=%2B275760-09-14T00:00:00Z', 'publishedAfter'],
      ['publishedBefore=2026-01-01T00:00:00', 'publishedBefore'], // no time zone
      ['publishedBefore=2026-01-01', 'publishedBefore'],
      [`actor=${'a'.repeat(256)}`, 'actor'],
      ['actor=%00', 'actor'],
      ['namespace=acme%00', 'namespace'],
      ['repository=api', 'namespace'],
      ['pageSize=1000', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['pageStart=not-a-page', 'pageStart'],
      [`pageStart=${Buffer.from('["not-a-time","x"]').toString('base64url')}`, 'pageStart'],
    ];
    const answers = [];
    for (const [query] of hostile) {
      const refused = await gatewayApi(stack, `/api/v0/events?${query}`);
      answers.push([query, refused.status, refused.body.errors?.[0].detail.fields]);
    }
    expect(answers).toEqual(hostile.map(([query, field]) => [query, 400, [field]]));
  });

  it('answers 404 for the events of a repository that does not exist, to system admins too', async () => {
    for (const path of ['acme/nope', 'nobody/api']) {
      const missing = await gatewayApi(stack, `/api/v0/repositories/${path}/events`);
      expect({ path, status: missing.status, code: missing.body.errors[0].code }).toEqual({
        path,
        status: 404,
        code: 'NO_SUCH_REPOSITORY',
      });
    }
  });

  it('shows pulls to repository admins only, as DTR does', async () => {
    await skopeoInspect(`${registry.host}/acme/api:1.0`, { credentials });
    const pulls = await eventually(
      async () => {
        const { events: found } = await events(
          '/api/v0/repositories/acme/api/events?eventType=TAG_PULL',
          rita,
        );
        return found.length === 1 ? found : undefined;
      },
      30_000,
      pushPath,
    );
    expect(pulls[0]).toMatchObject({ type: 'TAG_PULL', actor: 'pusher', contents: { tag: '1.0' } });
    expect((await events('/api/v0/repositories/acme/api/events?eventType=TAG_PULL', reed)).events).toEqual(
      [],
    );
    expect((await events('/api/v0/events?eventType=TAG_PULL', reed)).events).toEqual([]);
    expect((await events('/api/v0/events?eventType=TAG_PULL', rita)).events).toHaveLength(1);
  });

  it('shows events of no repository to system admins only, and nothing to a reader who lost access', async () => {
    const posted = await fetch(`${stack.url('ingest')}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          {
            type: 'SCANNER_UPDATE_COMPLETED',
            id: 'scanner-1',
            contents: EXAMPLE_CONTENTS.SCANNER_UPDATE_COMPLETED,
          },
        ],
      }),
    });
    expect(posted.status).toBe(202);
    await eventually(
      async () => {
        const { events: found } = await events('/api/v0/events?eventType=SCANNER_UPDATE_COMPLETED');
        return found.length === 1 ? true : undefined;
      },
      30_000,
      pushPath,
    );
    expect((await events('/api/v0/events?eventType=SCANNER_UPDATE_COMPLETED', rita)).events).toEqual([]);

    const revoked = await gatewayApi(stack, '/api/v0/repositories/acme/api/userAccess/reed', {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(204);
    expect((await events('/api/v0/events', reed)).events).toEqual([]);
    const gone = await gatewayApi(stack, '/api/v0/repositories/acme/api/events', { auth: basicAuth(reed) });
    expect(gone.status).toBe(404);
  });

  it("shows a namespace grant's readers the namespace's events, until the grant goes", async () => {
    const nora = await createUserWithToken(stack, 'nora');
    await createTeam(stack, 'acme', 'readers', ['nora']);
    const grant = (method: string) =>
      gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/readers', {
        method,
        body: method === 'PUT' ? { accessLevel: 'read-only' } : undefined,
      });
    expect((await grant('PUT')).status).toBe(200);
    const asNora = await events('/api/v0/repositories/acme/api/events?eventType=TAG_PUSH', nora);
    expect(tagsOf(asNora.events)).toEqual(['1.2', '1.1', '1.0']);
    // Read access, not admin: no pulls.
    expect((await events('/api/v0/events?eventType=TAG_PULL', nora)).events).toEqual([]);

    expect((await grant('DELETE')).status).toBe(204);
    expect((await events('/api/v0/events', nora)).events).toEqual([]);
    expect((await events('/api/v0/events?namespace=acme&repository=api', nora)).events).toEqual([]);
    const gone = await gatewayApi(stack, '/api/v0/repositories/acme/api/events', { auth: basicAuth(nora) });
    expect(gone.status).toBe(404);
  });

  it("keeps a deleted account's history from whoever is given its name next", async () => {
    const dora = await createUserWithToken(stack, 'dora');
    await push('1.0', 'dora/app');
    await eventually(
      async () => {
        const { events: found } = await events(
          '/api/v0/repositories/dora/app/events?eventType=TAG_PUSH',
          dora,
        );
        return found.length === 1 ? true : undefined;
      },
      30_000,
      pushPath,
    );

    expect((await gatewayApi(stack, '/api/v0/accounts/dora', { method: 'DELETE' })).status).toBe(204);
    // The system admin still reads it, the deletion's REPO_DELETED included.
    await eventually(
      async () => {
        const { events: found } = await events('/api/v0/events?namespace=dora&eventType=REPO_DELETED');
        return found.length === 1 ? true : undefined;
      },
      30_000,
      pushPath,
    );
    expect(tagsOf((await events('/api/v0/events?namespace=dora&eventType=TAG_PUSH')).events)).toEqual([
      '1.0',
    ]);

    const newDora = await createUserWithToken(stack, 'dora');
    expect((await events('/api/v0/events', newDora)).events).toEqual([]);
    expect((await events('/api/v0/events?namespace=dora', newDora)).events).toEqual([]);
    // What happens in the namespace from then on is the new account's: ingest was told the
    // repository went with the account, so the next push makes it again.
    await push('2.0', 'dora/app');
    const own = await eventually(
      async () => {
        const { events: found } = await gatewayApi(stack, '/api/v0/repositories/dora/app/events', {
          auth: basicAuth(newDora),
        }).then((answer) => (answer.status === 200 ? answer.body : { events: [] }));
        return found.length >= 3 ? (found as ListedEvent[]) : undefined;
      },
      30_000,
      pushPath,
    );
    // One envelope's events, published together: only the new push, none of the old account's.
    expect(own.map((event) => `${event.type} ${event.contents.tag ?? ''}`).sort()).toEqual([
      'MANIFEST_PUSH ',
      'REPO_CREATED ',
      'TAG_PUSH 2.0',
    ]);
  });

  it('makes a repository deleted through the API again with the next push to it', async () => {
    const before = await gatewayApi(stack, '/api/v0/repositories/acme/api');
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/api', { method: 'DELETE' })).status).toBe(204);
    await push('3.0');
    const remade = await eventually(
      async () => {
        const answer = await gatewayApi(stack, '/api/v0/repositories/acme/api');
        return answer.status === 200 ? answer.body : undefined;
      },
      30_000,
      pushPath,
    );
    expect(remade.id).not.toBe(before.body.id);
    const created = await eventually(
      async () => {
        const { events: found } = await events(
          '/api/v0/events?namespace=acme&repository=api&eventType=REPO_CREATED',
        );
        return found.length === 2 ? found : undefined;
      },
      30_000,
      pushPath,
    );
    expect(created[0].contents).toMatchObject({ event: 'REPO_CREATED', data: { id: remade.id } });
    // Granted the new repository, a reader reads what happened to it, none of the deleted one's
    // (its pushes, its REPO_DELETED): the gateway's deletion and ingest's events, each on its clock.
    await grantRepositoryAccess(stack, 'acme/api', 'reed', 'read-only');
    const own = await eventually(async () => {
      const { events: found } = await events('/api/v0/repositories/acme/api/events', reed);
      return found.length >= 3 ? found : undefined;
    });
    expect(own.map((event) => `${event.type} ${event.contents.tag ?? ''}`).sort()).toEqual([
      'MANIFEST_PUSH ',
      'REPO_CREATED ',
      'TAG_PUSH 3.0',
    ]);
  });

  it('keeps a repository the registry deleted from those granted one pushed later under its name', async () => {
    const pushesOf = (user?: TestUser) =>
      events('/api/v0/events?namespace=acme&repository=gone&eventType=TAG_PUSH', user).then(
        ({ events: found }) => tagsOf(found),
      );
    await push('1.0', 'acme/gone');
    await eventually(async () => ((await pushesOf()).length === 1 ? true : undefined), 30_000, pushPath);
    // The registry reports the repository deleted (Distribution 3's envelope); ingest forgets it.
    const envelope = JSON.stringify(readFixture(DISTRIBUTION_3_FIXTURES_DIR, 'envelope-7.json').body);
    const deleted = await fetch(`${stack.url('ingest')}/events/distribution`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${INGEST_TOKEN}`,
        'content-type': 'application/vnd.docker.distribution.events.v2+json',
      },
      body: envelope.replaceAll('acme/api', 'acme/gone'),
    });
    expect(deleted.status).toBe(202);
    await eventually(
      async () =>
        (await gatewayApi(stack, '/api/v0/repositories/acme/gone')).status === 404 ? true : undefined,
      30_000,
      pushPath,
    );

    // Pushed again: a new repository of that name, whose reader reads only its own events.
    await push('2.0', 'acme/gone');
    await eventually(async () => ((await pushesOf()).length === 2 ? true : undefined), 30_000, pushPath);
    await grantRepositoryAccess(stack, 'acme/gone', 'reed', 'read-only');
    expect(await pushesOf(reed)).toEqual(['2.0']);
    const own = await eventually(async () => {
      const { events: found } = await events('/api/v0/repositories/acme/gone/events', reed);
      return found.length >= 3 ? found : undefined;
    });
    expect(own.map((event) => event.type).sort()).toEqual(['MANIFEST_PUSH', 'REPO_CREATED', 'TAG_PUSH']);
    // The namespace's readers (here the system admin) read both, the deletion between them.
    expect(await pushesOf()).toEqual(['2.0', '1.0']);
    const deletions = await events('/api/v0/events?namespace=acme&repository=gone&eventType=REPO_DELETED');
    expect(deletions.events).toHaveLength(1);
  });
});
