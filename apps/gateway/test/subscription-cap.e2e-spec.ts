import {
  callApi,
  createUserWithToken,
  Receiver,
  Stack,
  startReceiver,
  startStack,
  TestUser,
} from '@hookyard/testing';

/**
 * Every dispatcher holds every active subscription, so one account may have made at most
 * SUBSCRIPTIONS_PER_ACCOUNT active ones, whichever API made them (3 here): the next create, or
 * turning one on again, is refused with 403 TOO_MANY_WEBHOOKS in the API's own error body until one
 * is deleted or paused. Paused ones are kept rows: past SUBSCRIPTIONS_STORED_PER_ACCOUNT in all (5
 * here) creating is refused the same way until one is deleted. System admins are not capped.
 */
describe('subscriptions per account (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let rita: TestUser;
  let gateway: string;

  const auth = (user: TestUser) => `Token ${user.token}`;
  const dtrCreate = (authorization: string, key: string) =>
    callApi('POST', `${gateway}/api/v0/webhooks`, authorization, {
      type: 'TAG_PUSH',
      key,
      endpoint: receiver.url,
    });
  const quayCreate = (authorization: string, repository: string) =>
    callApi('POST', `${gateway}/api/v1/repository/${repository}/notification/`, authorization, {
      event: 'repo_push',
      method: 'webhook',
      config: { url: receiver.url },
      eventConfig: {},
    });
  const alaudaCreate = (authorization: string, subject: string) =>
    callApi('POST', `${gateway}/v1/hooks`, authorization, {
      subject_type: 'image_repo',
      subject,
      events: ['image:push'],
      secret: 's',
      url: receiver.url,
      name: 'capped',
    });
  /** A 403 TOO_MANY_WEBHOOKS in DTR's error body. */
  const expectDtrRefusal = async (response: Response, message: RegExp, detail: Record<string, number>) => {
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [{ code: 'TOO_MANY_WEBHOOKS', message: expect.stringMatching(message), detail }],
    });
  };
  /** A 403 too_many_webhooks in Alauda's error body. */
  const expectAlaudaRefusal = async (response: Response, message: RegExp) => {
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [{ source: 'hookyard', code: 'too_many_webhooks', message: expect.stringMatching(message) }],
    });
  };
  const message = /at most 3 active webhooks and this one's author has 3: delete or pause one first/;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      env: { SUBSCRIPTIONS_PER_ACCOUNT: '3', SUBSCRIPTIONS_STORED_PER_ACCOUNT: '5' },
    });
    gateway = stack.url('gateway');
    rita = await createUserWithToken(stack, 'rita');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('creates up to the cap through every API, refuses the next in each body, and makes room on delete or pause', async () => {
    const first = await dtrCreate(auth(rita), 'rita/app');
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect((await quayCreate(auth(rita), 'rita/app')).status).toBe(201);
    expect((await alaudaCreate(auth(rita), 'rita/app')).status).toBe(201);

    await expectDtrRefusal(await dtrCreate(auth(rita), 'rita/web'), message, { limit: 3, active: 3 });
    const quayRefused = await quayCreate(auth(rita), 'rita/web');
    expect(quayRefused.status).toBe(403);
    expect(await quayRefused.json()).toEqual({
      status: 403,
      error_message: expect.stringMatching(message),
      title: 'too_many_webhooks',
      error_type: 'too_many_webhooks',
      detail: expect.stringMatching(message),
      type: '/api/v1/error/too_many_webhooks',
    });
    await expectAlaudaRefusal(await alaudaCreate(auth(rita), 'rita/web'), message);

    // Deleting one makes room for one.
    expect((await callApi('DELETE', `${gateway}/api/v0/webhooks/${id}`, auth(rita))).status).toBe(204);
    const again = await dtrCreate(auth(rita), 'rita/web');
    expect(again.status).toBe(201);
    const { id: againId } = (await again.json()) as { id: string };
    expect((await dtrCreate(auth(rita), 'rita/web')).status).toBe(403);

    // Pausing one makes room too; turning it on again while at the cap is refused.
    const update = (inactive: boolean) =>
      callApi('POST', `${gateway}/api/v0/webhooks/update`, auth(rita), { webhookID: againId, inactive });
    expect((await update(true)).status).toBe(200);
    expect((await dtrCreate(auth(rita), 'rita/web')).status).toBe(201);
    const reactivation = await update(false);
    expect(reactivation.status).toBe(403);
    expect(await reactivation.json()).toMatchObject({ errors: [{ code: 'TOO_MANY_WEBHOOKS' }] });
  });

  it('refuses a create past the cap on kept webhooks, paused ones counted, until one is deleted', async () => {
    const sam = await createUserWithToken(stack, 'sam');
    const pause = (webhookID: string) =>
      callApi('POST', `${gateway}/api/v0/webhooks/update`, auth(sam), { webhookID, inactive: true });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await dtrCreate(auth(sam), 'sam/app');
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { id: string }).id);
      expect((await pause(ids[i])).status).toBe(200);
    }

    const stored = /at most 5 webhooks, active or paused, and this one's author has 5: delete one first/;
    await expectDtrRefusal(await dtrCreate(auth(sam), 'sam/app'), stored, { limit: 5, stored: 5 });
    await expectAlaudaRefusal(await alaudaCreate(auth(sam), 'sam/app'), stored);

    expect((await callApi('DELETE', `${gateway}/api/v0/webhooks/${ids[0]}`, auth(sam))).status).toBe(204);
    expect((await dtrCreate(auth(sam), 'sam/app')).status).toBe(201);
  });

  it('does not cap a system admin', async () => {
    for (let i = 0; i < 5; i++) expect((await dtrCreate(stack.adminAuth, `acme/app${i}`)).status).toBe(201);
    expect((await quayCreate(`Bearer ${stack.adminToken}`, 'acme/app')).status).toBe(201);
  });
});
