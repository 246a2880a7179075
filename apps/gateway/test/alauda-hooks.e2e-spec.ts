import { CanonicalEvent } from '@hookyard/events';
import {
  createOrganization,
  createUserWithToken,
  exampleEvent,
  grantRepositoryAccess,
  Receiver,
  RecordedRequest,
  Stack,
  startReceiver,
  startStack,
  TestUser,
  callApi,
  verifySignature,
} from '@hookyard/testing';

interface Hook {
  id: number;
  secret: string;
  is_active: boolean;
  name: string;
  events: string[];
}

/** Alauda's /v1/hooks (Alauda API docs) and its signed deliveries. */
describe('Alauda hooks (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let bob: TestUser;
  let carol: TestUser;
  const hooks = () => `${stack.url('gateway')}/v1/hooks`;

  const call = (method: string, url: string, token: string, body?: unknown) =>
    callApi(method, url, `Token ${token}`, body);
  const admin = (method: string, url: string, body?: unknown) => call(method, url, stack.adminToken, body);
  const create = async (body: object) => {
    const response = await admin('POST', hooks(), body);
    expect(response.status).toBe(201);
    return (await response.json()) as Hook;
  };
  const at = (path: string) => (request: RecordedRequest) => request.path === path;
  const verify = (request: RecordedRequest, secret: string) => verifySignature(secret, request, 'raw');

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startReceiver();
    await createOrganization(stack, 'acme');
    bob = await createUserWithToken(stack, 'bob');
    carol = await createUserWithToken(stack, 'carol');
    await grantRepositoryAccess(stack, 'acme/api', 'bob', 'read-write');
    await grantRepositoryAccess(stack, 'acme/api', 'carol', 'admin');
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('creates, lists, gets, updates and deletes hooks as the Alauda API docs show them', async () => {
    const created = await create({
      subject_type: 'build_repo',
      subject: 'acme/docker_images_test',
      events: ['build:complete'],
      secret: '123456',
      url: `${receiver.origin}/crud`,
      name: 'test hook',
    });
    expect(created).toEqual({
      id: expect.any(Number),
      subject: 'acme/docker_images_test',
      subject_type: 'build_repo',
      events: ['build:complete'],
      name: 'test hook',
      secret: '123456',
      url: `${receiver.origin}/crud`,
      is_active: true,
      inactive_reason: '',
      created_by: 'admin',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Number.isInteger(created.id)).toBe(true);
    const one = `${hooks()}/${created.id}`;

    expect(await (await admin('GET', one)).json()).toEqual(created);
    const filtered = `${hooks()}?subject_type=build_repo&subject=acme/docker_images_test`;
    expect(await (await admin('GET', filtered)).json()).toEqual([created]);
    expect(await (await admin('GET', `${hooks()}?subject_type=job`)).json()).toEqual([]);

    const updated = await admin('PUT', one, {
      events: ['build:complete'],
      secret: 'alaudadoc',
      url: `${receiver.origin}/crud2`,
      name: 'build hook',
      is_active: false,
    });
    expect(updated.status).toBe(200);
    const body = (await updated.json()) as Hook & { updated_at: string };
    expect(body).toEqual({
      ...created,
      name: 'build hook',
      secret: 'alaudadoc',
      url: `${receiver.origin}/crud2`,
      is_active: false,
      inactive_reason: 'paused',
      updated_at: expect.any(String),
    });
    expect(await (await admin('GET', one)).json()).toEqual(body);

    const wrongEvent = await admin('PUT', one, { events: ['image:push'] });
    expect(wrongEvent.status).toBe(400);

    expect((await admin('DELETE', one)).status).toBe(204);
    const gone = await admin('GET', one);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({
      errors: [{ source: 'hookyard', code: 'not_found', message: `hook ${created.id} does not exist` }],
    });
  });

  it.each([
    [
      { subject_type: 'build_repo', events: ['image:push'] },
      'image:push not supported for subject_type build_repo; supported events: build:complete',
    ],
    [
      { subject_type: 'job', events: ['job:succeed', 'build:complete'] },
      'build:complete not supported for subject_type job',
    ],
    [{ events: ['constructor'] }, 'constructor not supported for subject_type image_repo'],
    [{ subject_type: 'registry' }, 'subject_type must be one of build_repo, image_repo, job'],
    [{ subject: 'no-slash' }, 'subject must be <namespace>/<name>'],
    [{ secret: '' }, 'secret should not be empty'],
    [{ secret: 'whsec_abc' }, 'secret must not start with whsec_ (it is used as raw bytes)'],
    [{ url: 'not a url' }, 'url must be an absolute http or https URL'],
  ])('rejects %j with 400 naming the problem, and writes nothing', async (change, message) => {
    const response = await admin('POST', hooks(), {
      subject_type: 'image_repo',
      subject: 'acme/api',
      events: ['image:push'],
      secret: 's',
      url: `${receiver.origin}/x`,
      name: 'bad',
      ...change,
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: Array<{ code: string; message: string }> };
    expect(errors[0].code).toBe('invalid_parameters');
    expect(errors[0].message).toContain(message);
    expect(await (await admin('GET', hooks())).json()).toEqual([]);
  });

  it('documents both APIs in the OpenAPI document', async () => {
    const { paths } = (await (await fetch(`${stack.url('gateway')}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/v1/hooks',
        '/v1/hooks/{id}',
        '/api/v1/repository/{namespace}/{repository}/notification',
        '/api/v1/repository/{namespace}/{repository}/notification/{uuid}',
        '/api/v1/repository/{namespace}/{repository}/notification/{uuid}/test',
      ]),
    );
    const errorSchema = (path: string, method: string) =>
      JSON.stringify(paths[path][method].responses['403']);
    expect(errorSchema('/v1/hooks', 'post')).toContain('AlaudaErrorBody');
    expect(errorSchema('/api/v1/repository/{namespace}/{repository}/notification', 'post')).toContain(
      'QuayErrorBody',
    );
  });

  it('needs a token, and repository admin of the subject (read-write is not enough)', async () => {
    const anonymous = await fetch(hooks());
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      errors: [
        { source: 'hookyard', code: 'not_authenticated', message: 'The client is not authenticated.' },
      ],
    });

    const hook = {
      subject_type: 'image_repo',
      events: ['image:push'],
      secret: 's',
      url: `${receiver.origin}/perm`,
      name: 'p',
    };
    const denied = await call('POST', hooks(), bob.token, { ...hook, subject: 'acme/api' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ errors: [{ code: 'not_authorized' }] });

    const byCarol = await call('POST', hooks(), carol.token, { ...hook, subject: 'acme/api' });
    expect(byCarol.status).toBe(201);
    const carols = (await byCarol.json()) as Hook;
    expect((await call('PUT', `${hooks()}/${carols.id}`, carol.token, { name: 'renamed' })).status).toBe(200);
    expect((await call('DELETE', `${hooks()}/${carols.id}`, carol.token)).status).toBe(204);

    const own = await call('POST', hooks(), bob.token, { ...hook, subject: 'bob/tools' });
    expect(own.status).toBe(201);
    const bobs = (await own.json()) as Hook;
    const adminsHook = await create({ ...hook, subject: 'acme/api' });

    const listed = (await (await call('GET', hooks(), bob.token)).json()) as Hook[];
    expect(listed.map((h) => h.id)).toEqual([bobs.id]);
    const all = (await (await admin('GET', hooks())).json()) as Hook[];
    expect(all.map((h) => h.id)).toEqual([bobs.id, adminsHook.id]);

    expect((await call('GET', `${hooks()}/${adminsHook.id}`, bob.token)).status).toBe(403);
    expect((await call('PUT', `${hooks()}/${adminsHook.id}`, bob.token, { name: 'x' })).status).toBe(403);
    expect((await call('DELETE', `${hooks()}/${adminsHook.id}`, bob.token)).status).toBe(403);
    expect((await call('DELETE', `${hooks()}/${bobs.id}`, bob.token)).status).toBe(204);
    expect((await admin('DELETE', `${hooks()}/${adminsHook.id}`)).status).toBe(204);
  });

  it('delivers each subject event signed with the hook secret, and nothing to inactive hooks', async () => {
    const image = await create({
      subject_type: 'image_repo',
      subject: 'acme/api',
      events: ['image:push'],
      secret: 'image-secret',
      url: `${receiver.origin}/image`,
      name: 'image hook',
    });
    const build = await create({
      subject_type: 'build_repo',
      subject: 'acme/api',
      events: ['build:complete'],
      secret: 'build-secret',
      url: `${receiver.origin}/build`,
      name: 'build hook',
    });
    const job = await create({
      subject_type: 'job',
      subject: 'acme/nightly-backup',
      events: ['job:succeed', 'job:fail'],
      secret: 'job-secret',
      url: `${receiver.origin}/job`,
      name: 'job hook',
    });
    const paused = await create({
      subject_type: 'image_repo',
      subject: 'acme/api',
      events: ['image:push'],
      secret: 'paused-secret',
      url: `${receiver.origin}/paused`,
      name: 'paused hook',
    });
    expect((await admin('PUT', `${hooks()}/${paused.id}`, { is_active: false })).status).toBe(200);

    const tagPush = exampleEvent('TAG_PUSH', 'acme/api');
    const built = exampleEvent('BUILD_COMPLETED', 'acme/api');
    const succeeded = exampleEvent('JOB_SUCCEEDED', 'acme/nightly-backup');
    const failed = exampleEvent('JOB_FAILED', 'acme/nightly-backup');
    await stack.appendEvents([tagPush, built, succeeded, failed]);

    const payload = (
      hook: Hook,
      eventName: string,
      subjectType: string,
      subject: string,
      source: CanonicalEvent,
    ) => ({
      hook_id: hook.id,
      hook_name: hook.name,
      event: eventName,
      subject_type: subjectType,
      subject,
      created_at: source.occurredAt,
      data: source.contents,
    });
    const imageRequest = await receiver.waitForRequest(at('/image'), 20_000);
    expect(verify(imageRequest, 'image-secret')).toEqual(
      payload(image, 'image:push', 'image_repo', 'acme/api', tagPush),
    );
    const buildRequest = await receiver.waitForRequest(at('/build'), 20_000);
    expect(verify(buildRequest, 'build-secret')).toEqual(
      payload(build, 'build:complete', 'build_repo', 'acme/api', built),
    );
    const jobRequest = (name: string) =>
      receiver.waitForRequest((r) => r.path === '/job' && JSON.parse(r.body).event === name, 20_000);
    const jobRequests = [await jobRequest('job:succeed'), await jobRequest('job:fail')];
    expect(jobRequests.map((request) => verify(request, 'job-secret'))).toEqual([
      payload(job, 'job:succeed', 'job', 'acme/nightly-backup', succeeded),
      payload(job, 'job:fail', 'job', 'acme/nightly-backup', failed),
    ]);

    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.requests.filter(at('/paused'))).toEqual([]);
    expect(receiver.requests.filter(at('/job'))).toHaveLength(2);
  });
});
