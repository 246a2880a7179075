import { EventType, EXAMPLE_CONTENTS } from '@hookyard/events';
import {
  callApi,
  createOrganization,
  createUserWithToken,
  eventually,
  exampleEvent,
  gatewayApi,
  grantRepositoryAccess,
  Receiver,
  RecordedRequest,
  Stack,
  startReceiver,
  startStack,
  TestUser,
  verifySignature,
} from '@hookyard/testing';
import { Client } from 'pg';

/**
 * Quay's repository notification API and its deliveries, ported from Quay's own tests
 * (github.com/quay/quay): each test names the Quay test it comes from. Users as in Quay's test
 * data: `devtable` a superuser who owns `devtable` and administers the `buynlarge` organization,
 * `reader` with read access to the repositories, `freshuser` with none.
 */

const REGISTRY = 'registry.example.com';

/** Quay's sample data (notifications/notificationevent.py get_sample_data), copied from Quay's source. */
function quaySampleData(
  namespace: string,
  name: string,
  event: string,
  eventConfig: { level?: number } = {},
) {
  const repository = `${namespace}/${name}`;
  const base = (subpage = '') => ({
    repository,
    namespace,
    name,
    docker_url: `${REGISTRY}/${repository}`,
    homepage: `https://${REGISTRY}/repository/${repository}${subpage}`,
  });
  const trigger = {
    default_branch: 'master',
    ref: 'refs/heads/somebranch',
    commit: '42d4a62c53350993ea41069e9f2cfdefb0df097d',
  };
  const commitInfo = {
    url: 'http://path/to/the/commit',
    message: 'Some commit message',
    date: expect.any(Number),
    author: {
      username: 'fakeauthor',
      url: 'http://path/to/fake/author/in/scm',
      avatar_url: 'http://www.gravatar.com/avatar/fakehash',
    },
  };
  const build = {
    ...base('/build/fake-build-id'),
    build_id: 'fake-build-id',
    build_name: 'some-fake-build',
    docker_tags: ['latest', 'foo', 'bar'],
    trigger_id: '1245634',
    trigger_kind: 'GitHub',
  };
  const priorities = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'];
  const samples: Record<string, object> = {
    repo_push: { ...base(), updated_tags: ['latest', 'foo'], pruned_image_count: 3 },
    repo_mirror_sync_started: { ...base(), message: 'TEST NOTIFICATION' },
    repo_mirror_sync_success: { ...base(), message: 'TEST NOTIFICATION' },
    repo_mirror_sync_failed: { ...base(), message: 'TEST NOTIFICATION' },
    vulnerability_found: {
      ...base(),
      tags: ['latest', 'prod', 'foo', 'bar', 'baz'],
      image: 'some-image-id',
      vulnerability: {
        id: 'CVE-FAKE-CVE',
        description: 'A futurist vulnerability',
        link: 'https://security-tracker.debian.org/tracker/CVE-FAKE-CVE',
        priority: eventConfig.level === undefined ? 'Unknown' : priorities[eventConfig.level],
      },
    },
    build_queued: { ...build, is_manual: false, trigger_metadata: { ...trigger, commit_info: commitInfo } },
    build_start: { ...build, trigger_metadata: trigger },
    build_success: { ...build, trigger_metadata: trigger, image_id: '1245657346' },
    build_failure: {
      ...build,
      error_message: 'This is a fake error message',
      trigger_metadata: { ...trigger, commit_info: commitInfo },
    },
    build_cancelled: { ...build, trigger_metadata: trigger, image_id: '1245657346' },
  };
  return samples[event];
}

type Json = Record<string, unknown>;

/**
 * Compares a delivered payload with Quay's sample data field by field: the same fields (but those
 * named as the sample's or the real event's own), each of the sample's JSON type, nested too.
 */
function expectFieldsLike(real: Json, sample: Json, only: { inSample?: string[]; inReal?: string[] } = {}) {
  const typeOf = (value: unknown) =>
    value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const shape = (value: Json, skip: string[], prefix = ''): Record<string, string> =>
    Object.fromEntries(
      Object.entries(value).flatMap(([key, item]) => {
        const path = `${prefix}${key}`;
        if (skip.includes(path)) return [];
        const nested = typeOf(item) === 'object' ? Object.entries(shape(item as Json, skip, `${path}.`)) : [];
        return [[path, typeOf(item)], ...nested];
      }),
    );
  expect(shape(real, only.inReal ?? [])).toEqual(shape(sample, only.inSample ?? []));
}

describe('Quay repository notifications, as Quay tests them (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let devtable: TestUser;
  let reader: TestUser;
  let freshuser: TestUser;
  let db: Client;

  const base = (repository: string) => `${stack.url('gateway')}/api/v1/repository/${repository}/notification`;
  const call = (user: TestUser | null, method: string, url: string, body?: unknown) =>
    callApi(method, url, user ? `Bearer ${user.token}` : '', body);
  const json = async (response: Response) => ({ status: response.status, body: await response.text() });
  const create = async (repository: string, body: object) => {
    const response = await call(devtable, 'POST', `${base(repository)}/`, body);
    expect(response.status).toBe(201);
    return (await response.json()) as Json & { uuid: string };
  };
  const webhook = (path: string, event: string, extra: object = {}) => ({
    event,
    method: 'webhook',
    config: { url: `${receiver.origin}${path}` },
    eventConfig: {},
    ...extra,
  });
  const at = (path: string) => (request: RecordedRequest) => request.path === path;
  const delivered = async (path: string) =>
    JSON.parse((await receiver.waitForRequest(at(path), 20_000)).body) as Json;

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startReceiver();
    await createOrganization(stack, 'buynlarge');
    // devtable is one of SUPER_USERS in Quay's test configuration: a system admin here.
    expect(
      (
        await gatewayApi(stack, '/api/v0/accounts', {
          method: 'POST',
          body: { name: 'devtable', isAdmin: true },
        })
      ).status,
    ).toBe(201);
    const token = await gatewayApi(stack, '/api/v0/api_tokens?username=devtable', {
      method: 'POST',
      body: {},
    });
    devtable = { name: 'devtable', token: token.body.token };
    reader = await createUserWithToken(stack, 'reader');
    freshuser = await createUserWithToken(stack, 'freshuser');
    await createUserWithToken(stack, 'public');
    for (const repository of [
      'public/publicrepo',
      'devtable/shared',
      'buynlarge/orgrepo',
      'devtable/simple',
    ]) {
      await grantRepositoryAccess(stack, repository, 'reader', 'read-only');
    }
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await receiver?.close();
    await stack?.stop();
  });

  // endpoints/api/test/test_security.py, the RepositoryNotificationList, RepositoryNotification and
  // TestRepositoryNotification rows.
  it.each([
    ['GET', 'public/publicrepo', '', { anonymous: 401, devtable: 200, freshuser: 403, reader: 403 }],
    ['POST', 'public/publicrepo', '', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['GET', 'devtable/shared', '', { anonymous: 401, devtable: 200, freshuser: 403, reader: 403 }],
    ['POST', 'devtable/shared', '', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['GET', 'buynlarge/orgrepo', '', { anonymous: 401, devtable: 200, freshuser: 403, reader: 403 }],
    ['POST', 'buynlarge/orgrepo', '', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['GET', 'public/publicrepo', 'QFAT', { anonymous: 401, devtable: 404, freshuser: 403, reader: 403 }],
    ['DELETE', 'public/publicrepo', 'QFAT', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['GET', 'devtable/shared', 'QFAT', { anonymous: 401, devtable: 404, freshuser: 403, reader: 403 }],
    ['DELETE', 'devtable/shared', 'QFAT', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['GET', 'buynlarge/orgrepo', 'QFAT', { anonymous: 401, devtable: 404, freshuser: 403, reader: 403 }],
    ['DELETE', 'buynlarge/orgrepo', 'QFAT', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['POST', 'devtable/simple', 'some uuid', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
    ['POST', 'buynlarge/orgrepo', 'foo/test', { anonymous: 401, devtable: 400, freshuser: 403, reader: 403 }],
  ])('%s %s notification/%s answers each caller as Quay does', async (method, repository, uuid, expected) => {
    const url = `${base(repository)}/${uuid.split('/').map(encodeURIComponent).join('/')}`;
    const body = method === 'POST' && !uuid ? {} : undefined;
    const answers: Record<string, number> = {};
    for (const [name, user] of [
      ['anonymous', null],
      ['devtable', devtable],
      ['freshuser', freshuser],
      ['reader', reader],
    ] as const) {
      answers[name] = (await call(user, method, url, body)).status;
    }
    expect(answers).toEqual(expected);
  });

  // endpoints/api/test/test_security.py: devtable's POST of an email notification is a 400.
  it('answers 400 invalid_request, in Quay error bodies, to methods Hookyard does not send (email)', async () => {
    const response = await call(devtable, 'POST', `${base('devtable/shared')}/`, {
      config: { email: 'a@b.com' },
      event: 'repo_push',
      method: 'email',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, error_type: 'invalid_request' });
    const anonymous = await fetch(`${base('devtable/shared')}/`);
    expect(await anonymous.json()).toEqual({
      status: 401,
      error_message: 'Requires authentication',
      title: 'invalid_token',
      error_type: 'invalid_token',
      detail: 'Requires authentication',
      type: '/api/v1/error/invalid_token',
    });
    const forbidden = await call(reader, 'GET', `${base('devtable/shared')}/`);
    expect(await forbidden.json()).toMatchObject({
      status: 403,
      error_type: 'insufficient_scope',
      detail: 'Unauthorized',
    });
  });

  // endpoints/api/test/test_repositorynotification.py test_create_repo_notification.
  it.each(['repo_push', 'repo_mirror_sync_started', 'repo_mirror_sync_success', 'repo_mirror_sync_failed'])(
    'creates a %s webhook notification: 201',
    async (event) => {
      await create('devtable/simple', {
        config: { url: 'http://example.com' },
        event,
        method: 'webhook',
        eventConfig: {},
        title: 'test',
      });
    },
  );

  // endpoints/api/test/test_repositorynotification.py test_list_repo_notifications.
  it('lists the repository notifications', async () => {
    const response = await call(devtable, 'GET', `${base('devtable/simple')}/`);
    expect(response.status).toBe(200);
    const { notifications } = (await response.json()) as { notifications: Json[] };
    expect(notifications.length).toBeGreaterThan(0);
  });

  // endpoints/api/test/test_repositorynotification.py test_get_repo_notification,
  // test_delete_repo_notification, test_reset_repo_noticiation and test_test_repo_notification.
  it('answers get/delete/reset/test of an existing and a missing notification as Quay does', async () => {
    const missing = `${base('devtable/simple')}/not%20found`;
    expect((await call(devtable, 'GET', missing)).status).toBe(404);
    expect(await json(await call(devtable, 'DELETE', missing))).toEqual({
      status: 400,
      body: expect.stringContaining(
        '"error_message":"No repository notification found for: devtable, simple, not found"',
      ),
    });
    expect((await call(devtable, 'POST', missing)).status).toBe(400);
    expect((await call(devtable, 'POST', `${missing}/test`)).status).toBe(400);

    const { uuid } = await create('devtable/simple', webhook('/exists', 'repo_push'));
    const exists = `${base('devtable/simple')}/${uuid}`;
    expect((await call(devtable, 'GET', exists)).status).toBe(200);
    expect(await json(await call(devtable, 'POST', exists))).toEqual({ status: 204, body: '' });
    expect(await json(await call(devtable, 'POST', `${exists}/test`))).toEqual({ status: 200, body: '{}' });
    expect(await json(await call(devtable, 'DELETE', exists))).toEqual({ status: 204, body: '' });
    // A notification is found under its own repository's path only.
    const other = await create('devtable/shared', webhook('/elsewhere', 'repo_push'));
    expect((await call(devtable, 'GET', `${base('devtable/simple')}/${other.uuid}`)).status).toBe(404);
    expect((await call(devtable, 'POST', `${base('devtable/simple')}/${other.uuid}/test`)).status).toBe(400);
  });

  // test/test_api_usage.py TestRepositoryNotifications.test_webhooks.
  it('creates, gets, lists and deletes webhooks; a title is null unless given', async () => {
    const created = await create('devtable/simple', {
      config: { url: 'http://example.com' },
      event: 'repo_push',
      method: 'webhook',
      eventConfig: {},
    });
    expect(created).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: null,
      event: 'repo_push',
      method: 'webhook',
      config: { url: 'http://example.com' },
      event_config: {},
      number_of_failures: 0,
    });
    const one = `${base('devtable/simple')}/${created.uuid}`;
    expect(await (await call(devtable, 'GET', one)).json()).toEqual(created);
    const listed = (await (await call(devtable, 'GET', `${base('devtable/simple')}/`)).json()) as {
      notifications: Json[];
    };
    expect(listed.notifications.map((n) => n.uuid)).toContain(created.uuid);
    expect(await json(await call(devtable, 'DELETE', one))).toEqual({ status: 204, body: '' });
    expect((await call(devtable, 'GET', one)).status).toBe(404);

    const titled = await create('devtable/simple', {
      config: { url: 'http://example.com' },
      event: 'repo_push',
      method: 'webhook',
      title: 'Some Notification',
      eventConfig: {},
    });
    expect(titled).toMatchObject({ event: 'repo_push', method: 'webhook', title: 'Some Notification' });
    expect(await (await call(devtable, 'GET', `${base('devtable/simple')}/${titled.uuid}`)).json()).toEqual(
      titled,
    );

    // Each API lists its own subscriptions only.
    expect((await gatewayApi(stack, '/api/v0/webhooks')).body).toEqual([]);
  });

  // endpoints/api/repositorynotification.py NotificationCreateRequest (validate_json_request) and
  // notifications/test/test_notificationmethod.py test_validate_webhook / test_validate_slack;
  // util/test/test_jsontemplate.py for templates. Unsupported events and methods, and Hookyard's
  // delivery address rules, are Hookyard's refusals.
  it.each([
    [{}, "'event' is a required property"],
    [
      { event: 'repo_push', method: 'webhook', config: { url: 'http://example.com' } },
      "'eventConfig' is a required property",
    ],
    [{ event: 'repo_push', method: 'webhook', config: [], eventConfig: {} }, "[] is not of type 'object'"],
    [
      { event: 'repo_push', method: 'webhook', config: {}, eventConfig: {}, title: null },
      "None is not of type 'string'",
    ],
    [{ event: 'repo_push', method: 'webhook', config: {}, eventConfig: {} }, 'Missing webhook URL'],
    [
      { event: 'repo_push', method: 'webhook', config: { url: 'telnet://example.com' }, eventConfig: {} },
      'Invalid webhook URL',
    ],
    [{ event: 'repo_push', method: 'slack', config: {}, eventConfig: {} }, 'Missing Slack Callback URL'],
    [
      {
        event: 'repo_push',
        method: 'webhook',
        config: { url: 'http://example.com', template: '{"a": "${}"}' },
        eventConfig: {},
      },
      'Empty expression found',
    ],
    [
      {
        event: 'repo_push',
        method: 'webhook',
        config: { url: 'http://example.com', template: '{"a": "}' },
        eventConfig: {},
      },
      'Could not parse template: ',
    ],
    [
      { event: 'repo_pull', method: 'webhook', config: { url: 'http://example.com' }, eventConfig: {} },
      'event "repo_pull" is not supported',
    ],
    [
      { event: 'quota_warning', method: 'webhook', config: { url: 'http://example.com' }, eventConfig: {} },
      'event "quota_warning" is not supported',
    ],
    [
      { event: 'repo_push', method: 'hipchat', config: { url: 'http://example.com' }, eventConfig: {} },
      'method "hipchat" is not supported',
    ],
    [
      { event: 'repo_push', method: 'webhook', config: { url: 'http://10.1.2.3/hook' }, eventConfig: {} },
      'config.url 10.1.2.3 is refused',
    ],
  ])('refuses %j with 400 naming the problem, and writes nothing', async (body, message) => {
    const before = await db.query(`SELECT count(*) FROM subscriptions`);
    const response = await call(devtable, 'POST', `${base('buynlarge/orgrepo')}/`, body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error_message: string; detail: string; error_type: string };
    expect(error.error_type).toBe('invalid_request');
    expect(error.error_message).toContain(message);
    expect(error.detail).toBe(error.error_message);
    expect(await db.query(`SELECT count(*) FROM subscriptions`)).toMatchObject({ rows: before.rows });
  });

  // test/test_api_usage.py TestRepositoryNotifications.test_testnotification, and each event's
  // get_sample_data (notifications/notificationevent.py): a test sends Quay's sample data.
  it.each([
    'repo_push',
    'repo_mirror_sync_started',
    'repo_mirror_sync_success',
    'repo_mirror_sync_failed',
    'vulnerability_found',
    'build_queued',
    'build_start',
    'build_success',
    'build_failure',
    'build_cancelled',
  ])("a test of a %s notification delivers Quay's sample data", async (event) => {
    const path = `/sample-${event}`;
    const { uuid } = await create('devtable/simple', webhook(path, event));
    const response = await call(devtable, 'POST', `${base('devtable/simple')}/${uuid}/test`);
    expect(await json(response)).toEqual({ status: 200, body: '{}' });
    expect(await delivered(path)).toEqual(quaySampleData('devtable', 'simple', event));
  });

  // notifications/notificationevent.py VulnerabilityFoundEvent.get_sample_data: the sample's
  // priority is the one of eventConfig.level.
  it('names the sample vulnerability by the eventConfig.level', async () => {
    const { uuid } = await create(
      'devtable/simple',
      webhook('/sample-level', 'vulnerability_found', { eventConfig: { level: 1 } }),
    );
    await call(devtable, 'POST', `${base('devtable/simple')}/${uuid}/test`);
    expect(await delivered('/sample-level')).toEqual(
      quaySampleData('devtable', 'simple', 'vulnerability_found', { level: 1 }),
    );
  });

  // workers/notificationworker/test/test_notificationworker.py test_notifications (SlackMethod),
  // notifications/notificationmethod.py SlackMethod.perform: a Slack message of the sample data.
  it('sends a Slack notification as Quay: summary, quayiobot, the message in Slack markup, the colour of the level', async () => {
    const { uuid } = await create('devtable/simple', {
      event: 'repo_push',
      method: 'slack',
      config: { url: `${receiver.origin}/slack-test` },
      eventConfig: {},
    });
    await call(devtable, 'POST', `${base('devtable/simple')}/${uuid}/test`);
    expect(await delivered('/slack-test')).toEqual({
      text: 'Repository devtable/simple updated',
      username: 'quayiobot',
      attachments: [
        {
          fallback: 'Repository devtable/simple updated',
          text: ' devtable pushed  latest, foo in repository devtable/simple',
          color: 'good',
          mrkdwn_in: ['text'],
        },
      ],
    });
  });

  // The events' real producers (the registry push, the repository mirror worker, the build
  // manager), compared field by field with each event's sample data.
  it('delivers real events with the fields and types of Quay sample data, signed', async () => {
    const repository = 'buynlarge/orgrepo';
    const events: Array<[string, EventType, object]> = [
      ['repo_push', 'TAG_PUSH', { tag: '1.0', imageName: `${REGISTRY}/${repository}:1.0` }],
      ['repo_mirror_sync_started', 'MIRROR_SYNC_STARTED', { source: 'quay.io/upstream/api', tags: ['1.0'] }],
      [
        'repo_mirror_sync_failed',
        'MIRROR_SYNC_FAILED',
        { source: 'quay.io/upstream/api', tags: ['1.0'], error: 'denied' },
      ],
      [
        'repo_mirror_sync_success',
        'POLL_MIRRORING',
        {
          tag: '1.0',
          imageName: `${REGISTRY}/${repository}:1.0`,
          sourceRepository: 'upstream/api',
          targetRepository: repository,
        },
      ],
      [
        'build_queued',
        'BUILD_QUEUED',
        { buildId: 'b-1', tags: ['1.0'], imageName: `${REGISTRY}/${repository}:1.0` },
      ],
      [
        'build_start',
        'BUILD_STARTED',
        { buildId: 'b-1', tags: ['1.0'], imageName: `${REGISTRY}/${repository}:1.0` },
      ],
      [
        'build_cancelled',
        'BUILD_CANCELLED',
        { buildId: 'b-1', tags: ['1.0'], imageName: `${REGISTRY}/${repository}:1.0` },
      ],
      [
        'build_success',
        'BUILD_COMPLETED',
        { buildId: 'b-1', tag: '1.0', imageName: `${REGISTRY}/${repository}:1.0` },
      ],
      [
        'build_failure',
        'BUILD_COMPLETED',
        {
          buildId: 'b-2',
          status: 'failed',
          tag: '1.0',
          imageName: `${REGISTRY}/${repository}:1.0`,
          error: 'step 3 failed',
        },
      ],
    ];
    const uuids: Record<string, string> = {};
    for (const [event] of events)
      uuids[event] = (await create(repository, webhook(`/real-${event}`, event))).uuid;
    await stack.appendEvents(events.map(([, type, contents]) => exampleEvent(type, repository, contents)));

    const real: Record<string, Json> = {};
    for (const [event] of events) {
      const request = await receiver.waitForRequest(at(`/real-${event}`), 20_000);
      const { rows } = await db.query(`SELECT secret FROM subscriptions WHERE api_fields->>'uuid' = $1`, [
        uuids[event],
      ]);
      expect(verifySignature(rows[0].secret, request)).toBeTruthy();
      real[event] = JSON.parse(request.body);
    }
    const sample = (event: string) => quaySampleData('buynlarge', 'orgrepo', event) as Json;

    expect(real.repo_push).toEqual({
      repository,
      namespace: 'buynlarge',
      name: 'orgrepo',
      docker_url: `${REGISTRY}/${repository}`,
      homepage: `https://${REGISTRY}/repository/${repository}`,
      updated_tags: ['1.0'],
    });
    // A registry push reports its tag; pruned_image_count is the sample's alone.
    expectFieldsLike(real.repo_push, sample('repo_push'), { inSample: ['pruned_image_count'] });
    expect(real.repo_mirror_sync_started.message).toBe("'quay.io/upstream/api' with tag pattern '1.0'");
    expect(real.repo_mirror_sync_failed.message).toBe(
      "'quay.io/upstream/api' with tag pattern '1.0': denied",
    );
    expect(real.repo_mirror_sync_success.message).toBe("'upstream/api' with tag pattern '1.0'");
    for (const event of ['repo_mirror_sync_started', 'repo_mirror_sync_failed', 'repo_mirror_sync_success']) {
      expectFieldsLike(real[event], sample(event));
    }
    expect(real.build_failure).toMatchObject({
      build_id: 'b-2',
      error_message: 'step 3 failed',
      docker_tags: ['1.0'],
    });
    // The build manager names no trigger for an uploaded Dockerfile (null, {}), no image_id.
    const untriggered = ['trigger_id', 'trigger_kind', 'trigger_metadata'];
    const triggerFields = [
      ...untriggered,
      'trigger_metadata.default_branch',
      'trigger_metadata.ref',
      'trigger_metadata.commit',
    ];
    const commitInfo = [
      'trigger_metadata.commit_info',
      'trigger_metadata.commit_info.url',
      'trigger_metadata.commit_info.message',
      'trigger_metadata.commit_info.date',
      'trigger_metadata.commit_info.author',
      'trigger_metadata.commit_info.author.username',
      'trigger_metadata.commit_info.author.url',
      'trigger_metadata.commit_info.author.avatar_url',
    ];
    expectFieldsLike(real.build_start, sample('build_start'), {
      inSample: triggerFields,
      inReal: untriggered,
    });
    expectFieldsLike(real.build_success, sample('build_success'), {
      inSample: [...triggerFields, 'image_id'],
      inReal: untriggered,
    });
    expectFieldsLike(real.build_cancelled, sample('build_cancelled'), {
      inSample: [...triggerFields, 'image_id'],
      inReal: untriggered,
    });
    expectFieldsLike(real.build_failure, sample('build_failure'), {
      inSample: [...triggerFields, ...commitInfo],
      inReal: untriggered,
    });
    expect(real.build_queued).toMatchObject({ is_manual: true, manual_user: 'admin', repo: 'orgrepo' });
    // Quay's build request names the repo and who asked; a build without trigger has no trigger fields.
    expectFieldsLike(real.build_queued, sample('build_queued'), {
      inSample: ['build_name', ...triggerFields, ...commitInfo],
      inReal: ['repo', 'manual_user'],
    });
  });

  // A build system names the trigger through ingest's native POST /events; eventConfig
  // "ref-regex" (notifications/test/test_notificationevent.py test_build_withfilter) filters by it.
  it('fills trigger fields from a native build event, and filters build events by ref-regex', async () => {
    const repository = 'buynlarge/orgrepo';
    await create(
      repository,
      webhook('/ref-main', 'build_start', { eventConfig: { 'ref-regex': 'refs/heads/main' } }),
    );
    const started = (id: string, ref: string) => ({
      id,
      type: 'BUILD_STARTED',
      contents: {
        ...EXAMPLE_CONTENTS.BUILD_STARTED,
        namespace: 'buynlarge',
        repository: 'orgrepo',
        buildId: id,
        buildName: `build ${id}`,
        tags: ['1.0'],
        imageName: `${REGISTRY}/${repository}:1.0`,
        trigger: { kind: 'github', id: 'trigger-7', ref, commit: '0123456789abcdef', defaultBranch: 'main' },
      },
    });
    for (const event of [started('b-topic', 'refs/heads/topic'), started('b-main', 'refs/heads/main')]) {
      const accepted = await fetch(`${stack.url('ingest')}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      expect(accepted.status).toBe(202);
    }
    const main = await delivered('/ref-main');
    expect(main).toEqual({
      ...quaySampleData('buynlarge', 'orgrepo', 'build_start'),
      homepage: `https://${REGISTRY}/repository/${repository}/build/b-main`,
      build_id: 'b-main',
      build_name: 'build b-main',
      docker_tags: ['1.0'],
      trigger_id: 'trigger-7',
      trigger_kind: 'github',
      trigger_metadata: { default_branch: 'main', ref: 'refs/heads/main', commit: '0123456789abcdef' },
    });
    expect(receiver.requests.filter(at('/ref-main'))).toHaveLength(1);
  });

  // workers/test/test_securityscanningnotificationworker.py test_notification (plain and
  // "severity_too_low"), and the worker's threshold: Critical, lowered by the repository's
  // notifications' priorities; eventConfig.level (test_notificationevent.py
  // test_vulnerability_notification_normal) filters each notification further.
  it("notifies vulnerabilities at the repository's threshold with Quay's security worker fields", async () => {
    const scan = (repository: string, tag: string, severity: string) =>
      exampleEvent('SCAN_COMPLETED', repository, {
        tag,
        imageName: `${REGISTRY}/${repository}:${tag}`,
        scanSummary: { ...EXAMPLE_CONTENTS.SCAN_COMPLETED.scanSummary, critical: 0, major: 1, minor: 0 },
        vulnerabilities: [
          {
            id: 'BarBaz',
            severity,
            description: 'Some description',
            link: 'http://example.com',
            fixedBy: 'v0.0.2',
          },
        ],
      });
    const tagsAt = (path: string) =>
      receiver.requests
        .filter(at(path))
        .map((request) => JSON.parse(request.body).tags[0])
        .sort();

    // Only Critical is notified while no notification of the repository asks for less: "severity_too_low".
    const strict = 'devtable/strict';
    await create(
      strict,
      webhook('/strict-critical', 'vulnerability_found', {
        eventConfig: { vulnerability: { priority: 'Critical' } },
      }),
    );
    await create(strict, webhook('/strict-none', 'vulnerability_found'));
    await stack.appendEvents([scan(strict, 'high-1', 'High'), scan(strict, 'critical-1', 'Critical')]);
    await delivered('/strict-critical');
    await delivered('/strict-none');
    expect([tagsAt('/strict-critical'), tagsAt('/strict-none')]).toEqual([['critical-1'], ['critical-1']]);

    // A notification asking for Low lowers the repository's threshold for all of them.
    const repository = 'devtable/vulnerable';
    await create(
      repository,
      webhook('/vuln-critical', 'vulnerability_found', {
        eventConfig: { vulnerability: { priority: 'Critical' } },
      }),
    );
    await create(repository, webhook('/vuln-none', 'vulnerability_found'));
    await create(repository, webhook('/vuln-level', 'vulnerability_found', { eventConfig: { level: 0 } }));
    await create(
      repository,
      webhook('/vuln-low', 'vulnerability_found', { eventConfig: { vulnerability: { priority: 'Low' } } }),
    );
    await stack.appendEvents([
      scan(repository, 'high-2', 'High'),
      scan(repository, 'critical-2', 'Critical'),
    ]);

    const high = (
      await receiver.waitForRequest(
        (request) => request.path === '/vuln-low' && JSON.parse(request.body).tags[0] === 'high-2',
        20_000,
      )
    ).body;
    const body = JSON.parse(high) as Json;
    expect(body).toEqual({
      repository,
      namespace: 'devtable',
      name: 'vulnerable',
      docker_url: `${REGISTRY}/${repository}`,
      homepage: `https://${REGISTRY}/repository/${repository}`,
      tags: ['high-2'],
      vulnerability: {
        id: 'BarBaz',
        description: 'Some description',
        link: 'http://example.com',
        priority: 'High',
        has_fix: true,
      },
    });
    // The security worker's event data has has_fix; the sample has an image id.
    expectFieldsLike(body, quaySampleData('devtable', 'vulnerable', 'vulnerability_found') as Json, {
      inSample: ['image'],
      inReal: ['vulnerability.has_fix'],
    });
    for (const path of ['/vuln-critical', '/vuln-none', '/vuln-low']) {
      await eventually(async () => (tagsAt(path).length === 2 ? true : undefined));
      expect(tagsAt(path)).toEqual(['critical-2', 'high-2']);
    }
    // eventConfig.level 0 (Critical): only critical-2.
    await delivered('/vuln-level');
    expect(tagsAt('/vuln-level')).toEqual(['critical-2']);
  });

  // workers/notificationworker/notificationworker.py with data/model/notification.py: each failed
  // send adds one to number_of_failures, a success resets it, and a notification with 3 stops
  // until POST .../notification/{uuid} resets it.
  it('counts failed sends in number_of_failures, stops at 3, and sends again after a reset', async () => {
    const repository = 'devtable/failing';
    const { uuid } = await create(repository, webhook('/failing', 'repo_push'));
    const one = `${base(repository)}/${uuid}`;
    receiver.respondWith({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await stack.appendEvents([exampleEvent('TAG_PUSH', repository, { tag: 'a' })]);
    const failures = async () =>
      ((await (await call(devtable, 'GET', one)).json()) as { number_of_failures: number })
        .number_of_failures;
    await eventually(async () => ((await failures()) === 3 ? true : undefined));

    // Stopped: a later push is not sent, and the count stays.
    await stack.appendEvents([exampleEvent('TAG_PUSH', repository, { tag: 'b' })]);
    const { rows } = await db.query(
      `SELECT inactive_reason FROM subscriptions WHERE api_fields->>'uuid' = $1`,
      [uuid],
    );
    expect(rows).toEqual([{ inactive_reason: 'failed-deliveries' }]);

    expect(await json(await call(devtable, 'POST', one))).toEqual({ status: 204, body: '' });
    expect(await failures()).toBe(0);
    receiver.reset();
    await stack.appendEvents([exampleEvent('TAG_PUSH', repository, { tag: 'c' })]);
    const sent = await delivered('/failing');
    expect(sent.updated_tags).toEqual(['c']);
    expect(receiver.requests.filter(at('/failing')).map((r) => JSON.parse(r.body).updated_tags[0])).toEqual([
      'c',
    ]);
    expect(await failures()).toBe(0);
  });
});
