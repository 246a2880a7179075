import { CanonicalEvent } from '@hookyard/events';
import { randomBytes } from 'node:crypto';
import {
  callApi,
  createWebhook,
  deliveriesOf,
  eventually,
  exampleEvent,
  gatewayApi,
  RecordedRequest,
  settledDelivery,
  suiteStackWithReceiver,
} from '@hookyard/testing';

/** tagPattern and repositoryPattern through the whole stack, in each API, and their 400s. */
describe('subscription filters (e2e)', () => {
  const suite = suiteStackWithReceiver();

  const at = (path: string) => `${suite.receiver.origin}${path}`;
  const arrivedAt = (path: string) => suite.receiver.requests.filter((request) => request.path === path);
  const tagOf = (request: RecordedRequest) =>
    (JSON.parse(request.body) as { contents: { tag: string } }).contents.tag;
  const repositoryOf = (request: RecordedRequest) =>
    (JSON.parse(request.body) as { contents: { repository: string } }).contents.repository;

  /**
   * Appends the events and waits until the unfiltered witness subscription has them all: the
   * dispatcher has then matched every event against the filtered ones too, and queued their
   * deliveries in the same call; `expected` more requests are then awaited.
   */
  async function dispatchAll(events: CanonicalEvent[], witnessPath: string, expected: number) {
    await suite.stack.appendEvents(events);
    await suite.receiver.waitForRequest(() => arrivedAt(witnessPath).length === events.length, 15_000);
    await suite.receiver.waitForRequests(events.length + expected, 15_000);
  }

  it('delivers the tags a tagPattern lets through (v1), not the others (dev, an rc)', async () => {
    const filtered = await createWebhook(suite.stack, {
      key: 'acme/api',
      endpoint: at('/releases'),
      tagPattern: 'v*,!*-rc*',
    });
    await createWebhook(suite.stack, { key: 'acme/api', endpoint: at('/all') });
    const events = ['v1', 'dev', 'v2.0.0-rc1'].map((tag) => exampleEvent('TAG_PUSH', 'acme/api', { tag }));
    await dispatchAll(events, '/all', 1);

    expect(arrivedAt('/releases').map(tagOf)).toEqual(['v1']);
    const logged = await eventually(async () => {
      const deliveries = await deliveriesOf(suite.stack, filtered.id);
      return deliveries.length > 0 ? deliveries : undefined;
    });
    expect(logged.map((delivery) => delivery.eventID)).toEqual([events[0].id]);
  });

  it("delivers a namespace subscription's events of the repositories its repositoryPattern matches", async () => {
    await createWebhook(suite.stack, { key: 'team-ns', endpoint: at('/team'), repositoryPattern: 'team/*' });
    await createWebhook(suite.stack, { key: 'team-ns', endpoint: at('/namespace') });
    await createWebhook(suite.stack, {
      key: 'team-ns',
      type: 'REPO_CREATED',
      endpoint: at('/created'),
      repositoryPattern: 'team/**,!team/legacy',
    });
    const events = [
      exampleEvent('TAG_PUSH', 'team-ns/team/api'),
      exampleEvent('TAG_PUSH', 'team-ns/web'),
      exampleEvent('TAG_PUSH', 'team-ns/team/sub/api'),
    ];
    await dispatchAll(events, '/namespace', 1);
    expect(arrivedAt('/team').map(repositoryOf)).toEqual(['team/api']);

    suite.receiver.reset();
    await suite.stack.appendEvents(
      ['team/legacy', 'web', 'team/sub/api'].map((name) => exampleEvent('REPO_CREATED', `team-ns/${name}`)),
    );
    await suite.receiver.waitForRequests(1);
    await suite.stack.appendEvents([exampleEvent('REPO_CREATED', 'team-ns/team/last')]);
    const requests = await suite.receiver.waitForRequests(2);
    expect(requests.map(repositoryOf)).toEqual(['team/sub/api', 'team/last']);
  });

  it('filters in the Quay and Alauda APIs too, and shows the patterns where each API keeps them', async () => {
    const quay = await gatewayApi(suite.stack, '/api/v1/repository/acme/quayed/notification/', {
      method: 'POST',
      auth: `Bearer ${suite.stack.adminToken}`,
      body: {
        event: 'repo_push',
        method: 'webhook',
        config: { url: at('/quay') },
        eventConfig: { tagPattern: 'v*' },
      },
    });
    expect(quay.status).toBe(201);
    expect(quay.body).toMatchObject({ config: { url: at('/quay') }, event_config: { tagPattern: 'v*' } });
    const alauda = await gatewayApi(suite.stack, '/v1/hooks', {
      method: 'POST',
      auth: `Token ${suite.stack.adminToken}`,
      body: {
        subject_type: 'image_repo',
        subject: 'acme/quayed',
        events: ['image:push'],
        secret: 'raw-secret',
        url: at('/alauda'),
        name: 'releases',
        tag_pattern: 'v*',
      },
    });
    expect(alauda.status).toBe(201);
    expect(alauda.body.tag_pattern).toBe('v*');
    await createWebhook(suite.stack, { key: 'acme/quayed', endpoint: at('/witness') });

    await dispatchAll(
      ['dev', 'v7'].map((tag) => exampleEvent('TAG_PUSH', 'acme/quayed', { tag })),
      '/witness',
      2,
    );
    expect(arrivedAt('/quay').map((request) => JSON.parse(request.body).updated_tags)).toEqual([['v7']]);
    expect(arrivedAt('/alauda').map((request) => JSON.parse(request.body).data.tag)).toEqual(['v7']);
  });

  it('changes and removes patterns through DTR update, and leaves webhooks without them in DTR shape', async () => {
    const created = await gatewayApi(suite.stack, '/api/v0/webhooks', {
      method: 'POST',
      body: { type: 'TAG_PUSH', key: 'acme/shape', endpoint: at('/shape'), tagPattern: 'v*' },
    });
    expect(created.body.tagPattern).toBe('v*');
    const changed = await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: created.body.id, tagPattern: 'dev' },
    });
    expect(changed.body.tagPattern).toBe('dev');
    const cleared = await gatewayApi(suite.stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: created.body.id, tagPattern: '' },
    });
    // Without options a webhook has exactly the fields DTR gives it.
    expect(Object.keys(cleared.body).sort()).toEqual(
      [
        'id',
        'type',
        'key',
        'endpoint',
        'authorID',
        'createdAt',
        'lastSuccessfulAt',
        'inactive',
        'inactiveReason',
        'tlsCert',
        'skipTLSVerification',
      ].sort(),
    );
    await suite.stack.appendEvents([exampleEvent('TAG_PUSH', 'acme/shape', { tag: 'anything' })]);
    await suite.receiver.waitForRequest((request) => request.path === '/shape');
  });

  it('refuses patterns that do not compile or do not apply with a 400 naming the field, and writes nothing', async () => {
    const before = (await gatewayApi(suite.stack, '/api/v0/webhooks')).body.length;
    const refusals: Array<[string, string, object, string, RegExp]> = [
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'TAG_PUSH', key: 'acme/x', tagPattern: '[v' },
        'tagPattern',
        /tagPattern glob "\[v" is not valid/,
      ],
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'TAG_PUSH', key: 'acme/x', tagPattern: '*a*b*c' },
        'tagPattern',
        /more than 2/,
      ],
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'TAG_PUSH', key: 'acme/x', tagPattern: 7 },
        'tagPattern',
        /tagPattern must be a string/,
      ],
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'TAG_PUSH', key: 'acme/x', repositoryPattern: 'team/*' },
        'repositoryPattern',
        /not of one repository \(acme\/x\)/,
      ],
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'REPO_CREATED', key: 'acme', tagPattern: 'v*' },
        'tagPattern',
        /REPO_CREATED events name no tag/,
      ],
      [
        'DTR',
        '/api/v0/webhooks',
        { type: 'TAG_PUSH', key: 'acme', repositoryPattern: 'Team/*' },
        'repositoryPattern',
        /lowercase/,
      ],
    ];
    for (const [, path, body, field, message] of refusals) {
      const answer = await gatewayApi(suite.stack, path, {
        method: 'POST',
        body: { endpoint: at('/never'), ...body },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]).toMatchObject({
        code: 'INVALID_PARAMETERS',
        detail: { fields: [field] },
      });
      expect(answer.body.errors[0].message).toMatch(message);
    }
    const quay = await gatewayApi(suite.stack, '/api/v1/repository/acme/x/notification/', {
      method: 'POST',
      auth: `Bearer ${suite.stack.adminToken}`,
      body: {
        event: 'repo_push',
        method: 'webhook',
        config: { url: at('/never') },
        eventConfig: { tagPattern: 'v{1,2}' },
      },
    });
    expect(quay.status).toBe(400);
    expect(quay.body.error_message).toMatch(/^eventConfig\.tagPattern glob "v\{1" may only contain/);
    const alauda = await gatewayApi(suite.stack, '/v1/hooks', {
      method: 'POST',
      auth: `Token ${suite.stack.adminToken}`,
      body: {
        subject_type: 'image_repo',
        subject: 'acme/x',
        events: ['image:push'],
        secret: 's',
        url: at('/never'),
        name: 'n',
        repository_pattern: '*',
      },
    });
    expect(alauda.status).toBe(400);
    expect(alauda.body.errors[0].message).toMatch(
      /^repository_pattern applies to subscriptions of a namespace/,
    );
    const job = await gatewayApi(suite.stack, '/v1/hooks', {
      method: 'POST',
      auth: `Token ${suite.stack.adminToken}`,
      body: {
        subject_type: 'job',
        subject: 'acme/nightly',
        events: ['job:fail'],
        secret: 's',
        url: at('/never'),
        name: 'n',
        tag_pattern: 'v*',
      },
    });
    expect(job.body.errors[0].message).toMatch(/^tag_pattern does not apply: JOB_FAILED events name no tag/);

    expect((await gatewayApi(suite.stack, '/api/v0/webhooks')).body.length).toBe(before);
    expect(
      (await gatewayApi(suite.stack, '/v1/hooks', { auth: `Token ${suite.stack.adminToken}` })).body,
    ).toHaveLength(1);
    expect(suite.receiver.requests.filter((request) => request.path === '/never')).toEqual([]);
  });

  it('refuses static headers while the install has no SECRETS_ENCRYPTION_KEY (this stack has none)', async () => {
    const answer = await gatewayApi(suite.stack, '/api/v0/webhooks', {
      method: 'POST',
      body: {
        type: 'TAG_PUSH',
        key: 'acme/keyless',
        endpoint: at('/never'),
        headers: { Authorization: 'Bearer x' },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message:
        'headers cannot be stored: this install has no SECRETS_ENCRYPTION_KEY to encrypt them with (ask its operator)',
      detail: { fields: ['headers'] },
    });
  });

  it('a worker that cannot open static headers (a gateway had a key, it has none) sends nothing and logs why', async () => {
    const keyed = await suite.stack.startReplica('gateway', {
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    try {
      const created = await callApi('POST', `${keyed.url}/api/v0/webhooks`, suite.stack.adminAuth, {
        type: 'TAG_PUSH',
        key: 'acme/sealed',
        endpoint: at('/sealed'),
        headers: { Authorization: 'Bearer sealed' },
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const event = exampleEvent('TAG_PUSH', 'acme/sealed');
      await suite.stack.appendEvents([event]);
      const delivery = await settledDelivery(suite.stack, id, event.id, 'failed');
      expect(delivery.attemptLog).toHaveLength(1);
      expect(delivery.attemptLog[0]).toMatchObject({
        responseStatus: null,
        error: 'static headers need SECRETS_ENCRYPTION_KEY, which is not set',
      });
      expect(suite.receiver.requests.filter((request) => request.path === '/sealed')).toEqual([]);
      expect(suite.stack.logs('worker')).toMatch(/delivery rejected/);
    } finally {
      await keyed.stop();
    }
  });

  it('documents every option and the rotation routes in the OpenAPI document', async () => {
    const { body } = await gatewayApi(suite.stack, '/api/docs-json');
    const { paths, components } = body as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    expect(Object.keys(paths['/api/v0/webhooks/{id}/secret/rotate'])).toEqual(['post']);
    expect(Object.keys(paths['/v1/hooks/{id}/secret/rotate'])).toEqual(['post']);
    const properties = (schema: string) => Object.keys(components.schemas[schema].properties);
    for (const schema of ['CreateWebhookDto', 'UpdateWebhookDto', 'WebhookResponse']) {
      expect(properties(schema)).toEqual(
        expect.arrayContaining(['tagPattern', 'repositoryPattern', 'payloadFormat', 'headers']),
      );
    }
    expect(properties('TestWebhookDto')).toEqual(expect.arrayContaining(['payloadFormat', 'headers']));
    for (const schema of ['CreateAlaudaHookDto', 'UpdateAlaudaHookDto']) {
      expect(properties(schema)).toEqual(
        expect.arrayContaining(['tag_pattern', 'payload_format', 'headers']),
      );
    }
    expect(properties('RotateWebhookSecretDto')).toEqual(['expireAfter']);
    expect(components.schemas.CreateQuayNotificationDto.properties.eventConfig.description).toMatch(
      /tagPattern/,
    );
    expect(components.schemas.CreateQuayNotificationDto.properties.config.description).toMatch(
      /payloadFormat.*headers/,
    );
  });
});
