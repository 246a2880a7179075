import {
  auditedScreenshot,
  basicAuth,
  Browser,
  createOrganization,
  createUserWithToken,
  createWebhook,
  deliveriesOf,
  eventually,
  exampleEvent,
  gatewayApi,
  grantRepositoryAccess,
  launchBrowser,
  signInToConsole,
  queryDatabase,
  Receiver,
  settledDelivery,
  Stack,
  startReceiver,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';
import type { Page } from 'playwright-core';

/**
 * The console's pages over the APIs that came after its first version, in a real browser (Debian's
 * chromium through playwright-core) against the real stack: recovering failed deliveries, the
 * activity stream, Hookyard's operational event types, repositories, namespace team access, token
 * expiry and account deletion. Each step leaves a screenshot in tmp/console-screenshots/ and passes
 * axe-core's WCAG 2.1 AA checks.
 */
describe('web console: recovery, activity and administration (browser e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;
  let rita: TestUser;
  let gateway: string;

  const shot = async (name: string, on: Page = page, via: Browser = browser) =>
    expect(await auditedScreenshot(via, on, name)).toEqual({ page: name, violations: [] });

  async function signIn(on: Page, username: string, token: string): Promise<void> {
    await signInToConsole(on, gateway, username, token);
    await on.getByRole('heading', { name: 'At a glance' }).waitFor();
  }

  const nav = (on: Page = page) => on.getByRole('navigation', { name: 'Console' });

  beforeAll(async () => {
    stack = await startStack({
      // Failures settle at once (one retry), and a webhook stays on through them.
      env: { DELIVERY_RETRY_SCHEDULE: '100ms', DELIVERY_DISABLE_AFTER_FAILURES: '100' },
    });
    gateway = stack.url('gateway');
    [receiver, browser] = await Promise.all([startReceiver(), launchBrowser()]);
    await createOrganization(stack, 'acme');
    await createOrganization(stack, 'other');
    rita = await createUserWithToken(stack, 'rita');
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'read-only');
    page = await browser.newPage();
    await signIn(page, 'admin', stack.adminToken);
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await stack?.stop();
  });

  it('recovers the deliveries that failed since a time, and follows the recovery until it finished', async () => {
    const webhook = await createWebhook(stack, { key: 'acme/recover', endpoint: receiver.url });
    receiver.setDefaultResponse({ status: 500 });
    const events = [tagPushEvent('acme/recover'), tagPushEvent('acme/recover')];
    await stack.appendEvents(events);
    const failed = await Promise.all(
      events.map((event) => settledDelivery(stack, webhook.id, event.id, 'failed')),
    );
    receiver.reset();
    receiver.setDefaultResponse({ status: 200 });

    await page.goto(`${gateway}/webhooks/${webhook.id}`);
    await page.getByRole('button', { name: 'Recover failed since…' }).click();
    const since = page.getByLabel('Failed since');
    // A day ago by default, and the picker stays within the API's 14 days.
    await expect(since.inputValue()).resolves.toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    const min = Date.parse((await since.getAttribute('min'))!);
    expect(Date.now() - min).toBeLessThanOrEqual(14 * 24 * 3600_000);
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await page.getByText('Finished: 2 of 2 done — 2 succeeded.').waitFor({ timeout: 30_000 });
    const requests = await receiver.waitForRequests(2);
    expect(requests.map((request) => request.headers['webhook-id']).sort()).toEqual(
      failed.map((delivery) => delivery.webhookMessageID).sort(),
    );
    // The redeliveries show up in the live log below without a reload (its next refresh: waited
    // for, not counted at once — the recovery can finish between two refreshes).
    const log = page.getByRole('table', { name: 'Deliveries' });
    await log.getByRole('row').filter({ hasText: 'Succeeded' }).nth(1).waitFor();
    await shot('ops-01-recovery-finished');
    // The address names the recovery: a reload shows it again.
    await page.waitForURL(/\?recovery=[0-9a-f-]{36}$/);
    await page.reload();
    await page.getByText('Finished: 2 of 2 done — 2 succeeded.').waitFor();

    // A time the API refuses (too far back) is said beside the field, not as a blank page.
    await since.fill('2020-01-01T00:00');
    await page.getByRole('button', { name: 'Recover', exact: true }).click();
    await page.getByText('Choose a time within the last 14 days.').waitFor();
    await expect(since.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await deliveriesOf(stack, webhook.id, '?pageSize=100')).toHaveLength(4);

    // The webhook's repository links to its activity: the two pushes (beside the operational events
    // their failures raised).
    await page.getByRole('link', { name: 'Activity of acme/recover' }).click();
    await page.waitForURL(/\/activity\?namespace=acme&repository=recover$/);
    const activity = page.getByRole('table', { name: 'Events' });
    await activity.getByRole('row').nth(2).waitFor();
    await expect(activity.getByRole('cell', { name: 'TAG_PUSH', exact: true }).count()).resolves.toBe(2);
    // The menu's link while here: every event again.
    await nav().getByRole('link', { name: 'Activity' }).click();
    await page.waitForURL(/\/activity$/);
    await activity.getByRole('cell', { name: 'acme/api', exact: true }).first().waitFor();

    // An inactive webhook is sent nothing: the form says to re-enable it first and does not start.
    const paused = await gatewayApi(stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: webhook.id, inactive: true },
    });
    expect(paused.status).toBe(200);
    await page.goto(`${gateway}/webhooks/${webhook.id}`);
    await page.getByRole('button', { name: 'Recover failed since…' }).click();
    await page.getByText('Re-enable the webhook first').waitFor();
    await expect(page.getByRole('button', { name: 'Recover', exact: true }).isDisabled()).resolves.toBe(true);
  });

  it('shows the activity stream newest first, filtered in the address, a page at a time', async () => {
    const appended = async (events: ReturnType<typeof exampleEvent>[]) => {
      await stack.appendEvents(events);
      const last = events.at(-1)!;
      await eventually(async () => {
        // By its type and namespace: events recorded together may share their time, in any order.
        const listed = await gatewayApi(
          stack,
          `/api/v0/events?pageSize=5&eventType=${last.type}&namespace=${last.namespace}`,
        );
        return listed.body.events?.some((event: { id: string }) => event.id === last.id) ? true : undefined;
      }, 30_000);
    };
    await appended([
      ...Array.from({ length: 52 }, (_, n) =>
        exampleEvent('TAG_PUSH', 'acme/api', {
          tag: `v${n}`,
          imageName: `registry.example.com/acme/api:v${n}`,
          author: 'ci',
        }),
      ),
      exampleEvent('TAG_DELETE', 'acme/api', { tag: 'old', author: 'rita' }),
    ]);
    // Recorded after the others: the newest.
    await appended([
      exampleEvent('TAG_PUSH', 'other/app', {
        tag: 'secret-tag',
        imageName: 'registry.example.com/other/app:secret-tag',
        author: 'ci',
      }),
    ]);

    await nav().getByRole('link', { name: 'Activity' }).click();
    const table = page.getByRole('table', { name: 'Events' });
    await table.getByRole('cell', { name: 'other/app', exact: true }).waitFor();
    // Newest first: the last appended is the first row.
    await expect(table.getByRole('row').nth(1).textContent()).resolves.toContain('secret-tag');
    await shot('ops-02-activity');

    await page.getByLabel('Event type').selectOption('TAG_PUSH');
    await page.getByLabel('Namespace').fill('acme');
    await page.getByLabel('Repository').fill('api');
    await page.waitForURL(/\/activity\?type=TAG_PUSH&namespace=acme&repository=api$/);
    await table.getByRole('cell', { name: 'other/app', exact: true }).waitFor({ state: 'detached' });
    await expect(table.getByRole('row').count()).resolves.toBe(51);
    await page.getByRole('button', { name: 'Load more' }).click();
    await table.getByRole('row').nth(52).waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(53);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
    // An event's contents, pretty-printed.
    await table.getByText('Contents').first().click();
    await expect(table.getByLabel('Contents of the TAG_PUSH event').first().textContent()).resolves.toContain(
      '"tag": "v',
    );
    await shot('ops-03-activity-filtered');

    // The filters are in the address: a reload shows the same list.
    await page.reload();
    await expect(page.getByLabel('Repository').inputValue()).resolves.toBe('api');
    await expect(page.getByLabel('Event type').inputValue()).resolves.toBe('TAG_PUSH');
    await table.getByRole('row').nth(50).waitFor();

    // A repository filter without its namespace: the API says which field is missing, beside it.
    await page.goto(`${gateway}/activity?repository=api`);
    await page.getByText('give namespace too').waitFor();
    await expect(page.getByLabel('Namespace').getAttribute('aria-invalid')).resolves.toBe('true');

    // Names from a link stay query values, never part of the path.
    await page.goto(`${gateway}/activity?namespace=..&repository=session`);
    await page.getByText('No event matches these filters.').waitFor();
  });

  it('shows a non-admin the activity of the repositories they may read, and nothing else', async () => {
    const ritaBrowser = await launchBrowser({ width: 1024, height: 640 });
    try {
      const ritaPage = await ritaBrowser.newPage();
      await signIn(ritaPage, 'rita', rita.token);
      await nav(ritaPage).getByRole('link', { name: 'Activity' }).click();
      const table = ritaPage.getByRole('table', { name: 'Events' });
      await table.getByRole('cell', { name: 'acme/api', exact: true }).first().waitFor();
      await expect(ritaPage.getByText('in the repositories you have access to').isVisible()).resolves.toBe(
        true,
      );
      await expect(table.getByRole('cell', { name: 'other/app', exact: true }).count()).resolves.toBe(0);
      await expect(table.getByRole('cell', { name: 'acme/recover', exact: true }).count()).resolves.toBe(0);
      await shot('ops-04-non-admin-activity', ritaPage, ritaBrowser);

      // Asked for by name: still nothing of it.
      await ritaPage.goto(`${gateway}/activity?namespace=other&repository=app`);
      await ritaPage.getByText('No event matches these filters.').waitFor();
      await expect(ritaPage.getByRole('table', { name: 'Events' }).count()).resolves.toBe(0);

      // Her repositories: her own, which she may change, and the one she may read, without the
      // admin's actions (the API refuses them to her too).
      const own = await gatewayApi(stack, '/api/v0/repositories/rita', {
        method: 'POST',
        body: { name: 'own' },
      });
      expect(own.status).toBe(201);
      await nav(ritaPage).getByRole('link', { name: 'Repositories' }).click();
      const repositories = ritaPage.getByRole('table', { name: 'Repositories' });
      await repositories.getByRole('button', { name: 'Make public rita/own' }).waitFor();
      const readable = repositories.getByRole('row').filter({ hasText: 'acme/api' });
      await readable.getByText('read-only').waitFor();
      await expect(readable.getByRole('button').count()).resolves.toBe(0);
      await expect(repositories.getByRole('row').count()).resolves.toBe(3);
      const refused = await gatewayApi(stack, '/api/v0/repositories/acme/api', {
        method: 'PATCH',
        auth: basicAuth(rita),
        body: { visibility: 'public' },
      });
      expect(refused.status).toBe(403);
      await shot('ops-04b-non-admin-repositories', ritaPage, ritaBrowser);
    } finally {
      await ritaBrowser.close();
    }
  });

  it("offers Hookyard's operational event types for a namespace, explained, in a group of their own", async () => {
    await nav().getByRole('link', { name: 'New webhook' }).click();
    await page.getByLabel('Repository or namespace').fill('acme');
    await page.getByText(/not available for acme$/).waitFor();
    await page.getByText("Hookyard's own events about the namespace's webhooks").waitFor();
    for (const type of ['WEBHOOK_DISABLED', 'DELIVERY_EXHAUSTED', 'DELIVERY_FAILING']) {
      await expect(page.getByRole('radio', { name: new RegExp(type) }).count()).resolves.toBe(1);
    }
    await expect(page.getByText('failed its 4th attempt; retries go on').isVisible()).resolves.toBe(true);
    await page.getByRole('radio', { name: /WEBHOOK_DISABLED/ }).check();
    await page.getByLabel('Endpoint URL').fill(`${receiver.origin}/ops`);
    await shot('ops-05-operational-types');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook created' }).waitFor();
  });

  it('creates a webhook delivering in order under a rate limit, and takes both off again', async () => {
    // From the last webhook's secret, "New webhook" opens an empty form again.
    await nav().getByRole('link', { name: 'New webhook' }).click();
    await page.getByRole('heading', { name: 'New webhook' }).waitFor();
    await expect(page.getByLabel('Repository or namespace').inputValue()).resolves.toBe('');
    await page.getByLabel('Repository or namespace').fill('acme/paced');
    // The types offered follow the key: wait for the answer about acme/paced.
    await page.getByText(/not available for acme\/paced/).waitFor();
    await page.getByRole('radio', { name: /TAG_PUSH/ }).check();
    await page.getByLabel('Endpoint URL').fill(`${receiver.origin}/paced`);
    await page.getByText('Filters, payload format, headers, order and rate').click();
    await page.getByLabel('Deliver in event order, one at a time').check();
    await page.getByLabel('Rate limit (deliveries per second)').fill('20');
    await shot('ops-10-ordered-rate-limit');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook created' }).waitFor();
    await page.getByRole('link', { name: 'Open the webhook' }).click();
    await page.getByText('In event order, one at a time').waitFor();
    await expect(page.getByText('At most 20 per second').isVisible()).resolves.toBe(true);
    const id = page.url().split('/').pop()!;
    expect((await gatewayApi(stack, `/api/v0/subscriptions/${id}`)).body).toMatchObject({
      ordered: true,
      rateLimit: 20,
    });

    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByLabel('Deliver in event order, one at a time').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Rate limit (deliveries per second)').inputValue()).resolves.toBe('20');
    await page.getByLabel('Deliver in event order, one at a time').uncheck();
    await page.getByLabel('Rate limit (deliveries per second)').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('As they come').waitFor();
    await expect(page.getByText('No rate limit').isVisible()).resolves.toBe(true);
    const changed = (await gatewayApi(stack, `/api/v0/subscriptions/${id}`)).body;
    expect(changed.ordered).toBeUndefined();
    expect(changed.rateLimit).toBeUndefined();
  });

  it('creates a repository, makes it public, opens its access, and deletes it after asking', async () => {
    await nav().getByRole('link', { name: 'Repositories' }).click();
    await page
      .getByRole('table', { name: 'Repositories' })
      .getByRole('cell', { name: 'acme/api', exact: true })
      .waitFor();
    await page.getByLabel('Namespace', { exact: true }).first().fill('acme');
    await page.getByRole('button', { name: 'Show repositories' }).click();
    await page.waitForURL(/\/admin\/repositories\?namespace=acme$/);
    const form = page.getByRole('form', { name: 'Create a repository' });
    await expect(form.getByLabel('Namespace').inputValue()).resolves.toBe('acme');
    await form.getByLabel('Name', { exact: true }).fill('web');
    await form.getByLabel('Short description').fill('The web front end');
    await form.getByRole('button', { name: 'Create repository' }).click();
    await page.getByText('Created acme/web.').waitFor();
    const table = page.getByRole('table', { name: 'Repositories' });
    const row = table.getByRole('row').filter({ hasText: 'acme/web' });
    await row.getByText('The web front end').waitFor();
    await expect(table.getByRole('cell', { name: 'other/app', exact: true }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: 'Make public acme/web' }).click();
    await page.getByText('acme/web is public now.').waitFor();
    await row.getByRole('cell', { name: 'Public', exact: true }).waitFor();
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/web')).body).toMatchObject({
      visibility: 'public',
      shortDescription: 'The web front end',
    });
    await shot('ops-06-repositories');

    await row.getByRole('button', { name: 'Delete acme/web' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('This cannot be undone.');
    await dialog.getByRole('button', { name: 'Delete repository' }).click();
    await page.getByText('Deleted acme/web.').waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await gatewayApi(stack, '/api/v0/repositories/acme/web')).status).toBe(404);

    // Its activity: REPO_CREATED, REPO_UPDATED and REPO_DELETED, linked from the list.
    await table.getByRole('link', { name: 'Activity of acme/api' }).click();
    await page.waitForURL(/\/activity\?namespace=acme&repository=api$/);
    await page.getByRole('table', { name: 'Events' }).waitFor();
  });

  it('grants a team access to every repository of a namespace, and revokes it', async () => {
    const team = await gatewayApi(stack, '/api/v0/accounts/acme/teams', {
      method: 'POST',
      body: { name: 'readers' },
    });
    expect(team.status).toBe(201);
    await nav().getByRole('link', { name: 'Repository access' }).click();
    await page.getByLabel('Namespace').fill('acme');
    await page.getByRole('button', { name: 'Show access' }).click();
    await page.getByText('No team has access to the whole namespace.').waitFor();
    await page.getByLabel('Team', { exact: true }).fill('readers');
    await page.getByLabel('Access', { exact: true }).selectOption('read-write');
    await page.getByRole('button', { name: 'Grant to team' }).click();
    const grants = page.getByRole('table', { name: 'Namespace grants' });
    await grants.getByRole('row').filter({ hasText: 'read-write' }).waitFor();
    expect(
      (await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/readers')).body,
    ).toMatchObject({ accessLevel: 'read-write', namespace: 'acme' });
    await shot('ops-07-namespace-team-access');
    await page.getByRole('button', { name: "Revoke readers's access to acme" }).click();
    await page.getByText('No team has access to the whole namespace.').waitFor();
    expect((await gatewayApi(stack, '/api/v0/repositoryNamespaces/acme/teamAccess/readers')).status).toBe(
      404,
    );
  });

  it('creates a token that expires, and shows who made each token and which expired', async () => {
    await nav().getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('User').fill('rita');
    await page.getByRole('button', { name: 'Show tokens' }).click();
    await page.getByLabel('Label').fill('week');
    await page.getByLabel('Expires').selectOption('7');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByLabel('New API token').textContent()) ?? '';
    await page.getByText(/It expires /).waitFor();
    const listed = await gatewayApi(stack, '/api/v0/api_tokens?username=rita');
    const week = (listed.body as Array<{ tokenLabel: string; expiresAt: string; generatedBy: string }>).find(
      (row) => row.tokenLabel === 'week',
    )!;
    const days = (Date.parse(week.expiresAt) - Date.now()) / (24 * 3600_000);
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(week.generatedBy).toBe('admin');
    expect(
      (await gatewayApi(stack, '/api/v0/session', { auth: basicAuth({ name: 'rita', token }) })).status,
    ).toBe(200);

    // The e2e token, expired in the database as time would: the list says so.
    await queryDatabase(
      stack,
      `UPDATE api_tokens SET expires_at = now() - interval '1 hour' WHERE token_label = 'e2e'
         AND account_id = (SELECT id FROM accounts WHERE name = 'rita')`,
    );
    await page.reload();
    await page.getByLabel('User').fill('rita');
    await page.getByRole('button', { name: 'Show tokens' }).click();
    const table = page.getByRole('table', { name: 'API tokens of rita' });
    const expired = table.getByRole('row').filter({ hasText: 'e2e' });
    await expired.getByText('Expired', { exact: true }).waitFor();
    const fresh = table.getByRole('row').filter({ hasText: 'week' });
    await expect(fresh.getByText('Active', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(fresh.getByText('admin (system admin)').isVisible()).resolves.toBe(true);
    await shot('ops-08-token-expiry');
    expect((await gatewayApi(stack, '/api/v0/session', { auth: basicAuth(rita) })).status).toBe(401);
  });

  it('deletes an account after asking, and never offers to delete your own', async () => {
    const leaving = await createUserWithToken(stack, 'leaving');
    await nav().getByRole('link', { name: 'Accounts & organizations' }).click();
    const table = page.getByRole('table', { name: 'Accounts' });
    await table.getByRole('row').filter({ hasText: 'leaving' }).waitFor();
    await expect(table.getByRole('button', { name: 'Delete admin' }).count()).resolves.toBe(0);
    await table.getByRole('button', { name: 'Delete leaving' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('its API tokens and team memberships');
    await shot('ops-09-delete-account');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await gatewayApi(stack, '/api/v0/accounts/leaving')).status).toBe(200);
    await table.getByRole('button', { name: 'Delete leaving' }).click();
    // Only once its name is typed.
    const confirm = dialog.getByRole('button', { name: 'Delete user' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Type leaving to confirm').fill('leavin');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Type leaving to confirm').fill('leaving');
    await confirm.click();
    await page.getByText('Deleted leaving.').waitFor();
    await table.getByRole('row').filter({ hasText: 'leaving' }).waitFor({ state: 'detached' });
    expect((await gatewayApi(stack, '/api/v0/accounts/leaving')).status).toBe(404);
    expect((await gatewayApi(stack, '/api/v0/session', { auth: basicAuth(leaving) })).status).toBe(401);
  });
});
