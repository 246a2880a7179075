import {
  auditedScreenshot,
  Browser,
  buildOciImage,
  callApi,
  createOrganization,
  createUserWithToken,
  eventually,
  exampleEvent,
  grantRepositoryAccess,
  launchBrowser,
  signInToConsole,
  Receiver,
  RunningRegistry,
  SCREENSHOT_DIR,
  skopeoCopy,
  Stack,
  startReceiver,
  startRegistry,
  startStack,
  tagPushEvent,
  TestUser,
} from '@hookyard/testing';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/**
 * The console in a real browser (Debian's chromium through playwright-core) against the real
 * stack and a real registry. Each step leaves a screenshot in tmp/console-screenshots/.
 */
describe('web console (browser e2e)', () => {
  let stack: Stack;
  let registry: RunningRegistry;
  let receiver: Receiver;
  let browser: Browser;
  let page: Page;
  let rita: TestUser;
  let gateway: string;
  let webhookId: string;
  let secret: string;

  /** A screenshot of the page as it is, and what axe-core finds wrong on it (nothing, we expect). */
  const shot = async (name: string, on: Page = page, via: Browser = browser) =>
    expect(await auditedScreenshot(via, on, name)).toEqual({ page: name, violations: [] });

  const signIn = (on: Page, username: string, token: string) => signInToConsole(on, gateway, username, token);

  beforeAll(async () => {
    // A key for static headers, which are stored encrypted.
    stack = await startStack({ env: { SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') } });
    gateway = stack.url('gateway');
    [registry, receiver, browser] = await Promise.all([
      startRegistry({
        notifyUrl: `${stack.url('ingest')}/events/distribution`,
        notifyToken: stack.ingestToken,
      }),
      startReceiver(),
      launchBrowser(),
    ]);
    await createOrganization(stack, 'acme');
    await createOrganization(stack, 'other');
    rita = await createUserWithToken(stack, 'rita');
    await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    // A webhook rita may not see: nobody gave her access to other/app.
    const hidden = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
      type: 'TAG_PUSH',
      key: 'other/app',
      endpoint: `${receiver.origin}/other`,
    });
    expect(hidden.status).toBe(201);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await registry?.stop();
    await stack?.stop();
  });

  it('keeps the built console under 300 KB gzipped', () => {
    const assets = resolve(__dirname, '../../../dist/console/assets');
    const gzipped = readdirSync(assets).reduce(
      (total, file) => total + gzipSync(readFileSync(join(assets, file))).length,
      0,
    );
    console.log(`console assets: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(300 * 1024);
  });

  it('serves the console at / and measures its first load', async () => {
    const response = await page.goto(`${gateway}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Strings: the page's code runs in the browser, and this project has no DOM types.
    const timing = await page.evaluate(
      `(() => { const [n] = performance.getEntriesByType('navigation'); return { domContentLoadedMs: n.domContentLoadedEventEnd, loadMs: n.loadEventEnd }; })()`,
    );
    // Recorded, not asserted: timing depends on the machine's load. README quotes it.
    writeFileSync(join(SCREENSHOT_DIR, 'first-load.json'), JSON.stringify(timing, null, 2));
    console.log(`console first load on loopback: ${JSON.stringify(timing)}`);
  });

  it('shows an error, not a blank page, for a wrong token', async () => {
    await signIn(page, 'admin', 'not-the-right-token');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong username or API token');
    await expect(page.getByLabel('Username').inputValue()).resolves.toBe('admin');
    await shot('01-sign-in-wrong-token');
  });

  it('signs in with username and API token into an httpOnly, SameSite=Strict session', async () => {
    await page.getByLabel('API token').fill(stack.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'At a glance' }).waitFor();
    const [cookie] = await browser.context.cookies(gateway);
    expect(cookie).toMatchObject({ name: 'hookyard_session', httpOnly: true, sameSite: 'Strict' });
    // Nothing about the session is in browser storage.
    const stored = await page.evaluate(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    expect(stored).toBe('{}{}');
    expect(await page.evaluate('document.cookie')).toBe('');
    await shot('02-home-empty');
  });

  it('creates a webhook, offering the event types with their explanations', async () => {
    await page.getByRole('link', { name: 'New webhook' }).first().click();
    await page.getByLabel('Repository or namespace').fill('acme/api');
    // The types offered follow the key: wait for the answer about acme/api.
    await page.getByText(/not available for acme\/api/).waitFor();
    const tagPush = page.getByRole('radio', { name: /TAG_PUSH/ });
    // An admin may subscribe to every repository event of acme/api; REPO_* take a namespace.
    await expect(page.getByRole('radio', { name: /REPO_CREATED/ }).count()).resolves.toBe(0);
    await expect(page.getByText('A tag was pushed to a repository').isVisible()).resolves.toBe(true);
    await tagPush.check();
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await shot('03-new-webhook');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook created' }).waitFor();
    secret = (await page.getByLabel('Signing secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await shot('04-webhook-created');
    await page.getByRole('link', { name: 'Open the webhook' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    webhookId = page.url().split('/').pop()!;
    expect(webhookId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows a pushed image’s delivery without a reload', async () => {
    await page.evaluate('window.notReloaded = true');
    await page.getByText('Nothing delivered yet').waitFor();
    const layout = await buildOciImage({ os: 'linux', architecture: 'amd64' });
    await skopeoCopy(layout, `${registry.host}/acme/api:1.0`);
    await receiver.waitForRequests(1, 30_000);
    const row = page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'TAG_PUSH' });
    await row.filter({ hasText: 'Succeeded' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await shot('05-webhook-with-delivery');
  });

  it('opens a delivery’s attempts with headers and pretty-printed bodies', async () => {
    await page
      .getByRole('link', { name: /^Attempts/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Attempt 1' }).waitFor();
    await expect(page.getByText('HTTP 200').first().isVisible()).resolves.toBe(true);
    const requestBody = (await page.getByLabel('Request body of attempt 1').textContent()) ?? '';
    expect(requestBody).toContain('\n  "type": "TAG_PUSH"');
    const headers =
      (await page.getByRole('table', { name: 'Request headers of attempt 1' }).textContent()) ?? '';
    expect(headers).toContain('webhook-signature');
    await shot('06-delivery-attempts');
  });

  it('redelivers with the same webhook-id', async () => {
    const firstId = receiver.requests[0].headers['webhook-id'];
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page.getByText('Queued again as a new delivery').waitFor();
    const [, again] = await receiver.waitForRequests(2, 20_000);
    expect(again.headers['webhook-id']).toBe(firstId);
    await page.getByRole('link', { name: 'Follow the redelivery' }).click();
    await page.getByRole('heading', { name: 'Attempt 1' }).waitFor({ timeout: 20_000 });
    await shot('07-redelivery');
  });

  it('sends a test event and shows the answer; reveals the secret', async () => {
    await page.goto(`${gateway}/webhooks/${webhookId}`);
    receiver.respondWith({ status: 418, body: 'teapot' });
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('the endpoint answered 418').waitFor();
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await expect(page.getByLabel('Signing secret').textContent()).resolves.toBe(secret);
    await shot('08-webhook-test-and-secret');
  });

  it('lists the webhooks with health, and filters them', async () => {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Webhooks', exact: true })
      .click();
    const table = page.getByRole('table', { name: 'Webhooks' });
    await table.waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(3);
    await shot('09-webhooks');
    await page.getByLabel('Repository').fill('other');
    await table.getByRole('row').nth(2).waitFor({ state: 'detached' });
    await expect(table.getByText('/other').isVisible()).resolves.toBe(true);
    // The filters are in the address: a reload (or back from a webhook) shows the same list.
    await page.waitForURL(/\/webhooks\?repository=other$/);
    await page.reload();
    await expect(page.getByLabel('Repository').inputValue()).resolves.toBe('other');
    await table.getByText('/other').waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(2);
  });

  it('shows deliveries per minute and the failure rate at a glance', async () => {
    await page.getByRole('link', { name: 'At a glance' }).click();
    await page.getByRole('heading', { name: 'Deliveries per minute' }).waitFor();
    await expect(page.getByText('deliveries in the last hour', { exact: true }).isVisible()).resolves.toBe(
      true,
    );
    await shot('10-home');
  });

  it('administers organizations, teams, repository access and API tokens', async () => {
    await page.getByRole('link', { name: 'Accounts & organizations' }).click();
    await page.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'acme' }).waitFor();
    await shot('11-accounts');
    await page.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'acme' }).click();
    await page.getByLabel('Team name').fill('ci');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByText('ci', { exact: true }).click();
    await page.getByRole('form', { name: 'Add a member to ci' }).getByLabel('Username').fill('rita');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await page.getByRole('button', { name: 'Remove rita from ci' }).waitFor();
    await shot('12-organization');

    await page.getByRole('main').getByRole('link', { name: 'Repository access' }).click();
    await expect(page.getByLabel('Namespace').inputValue()).resolves.toBe('acme');
    await page.getByLabel('Repository', { exact: true }).fill('api');
    await page.getByRole('button', { name: 'Show access' }).click();
    const grants = page.getByRole('table', { name: 'Grants' });
    await grants.getByRole('row').filter({ hasText: 'rita' }).waitFor();
    await page.getByLabel('Grant to').selectOption('team');
    await page.getByLabel('Team name').fill('ci');
    await page.getByLabel('Access', { exact: true }).selectOption('read-write');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    await grants.getByRole('row').filter({ hasText: 'read-write' }).waitFor();
    await shot('13-repository-access');

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('User').fill('rita');
    await page.getByRole('button', { name: 'Show tokens' }).click();
    await page.getByLabel('Label').fill('laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByLabel('New API token').textContent()) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const response = await callApi(
      'GET',
      `${gateway}/api/v0/session`,
      `Basic ${Buffer.from(`rita:${token}`).toString('base64')}`,
    );
    expect(response.status).toBe(200);
    await shot('14-api-tokens');
    await page.getByRole('button', { name: 'Revoke laptop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('button', { name: 'Revoke laptop' }).waitFor({ state: 'detached' });
    const revoked = await callApi(
      'GET',
      `${gateway}/api/v0/session`,
      `Basic ${Buffer.from(`rita:${token}`).toString('base64')}`,
    );
    expect(revoked.status).toBe(401);
  });

  it('shows a non-admin only what they may see and do (on a smaller laptop screen)', async () => {
    const ritaBrowser = await launchBrowser({ width: 1024, height: 640 });
    try {
      const ritaPage = await ritaBrowser.newPage();
      await signIn(ritaPage, 'rita', rita.token);
      await ritaPage.getByRole('heading', { name: 'At a glance' }).waitFor();
      await ritaPage.getByRole('link', { name: 'Webhooks', exact: true }).click();
      const table = ritaPage.getByRole('table', { name: 'Webhooks' });
      await table.waitFor();
      // The admin's acme/api webhook (rita administers acme/api), not other/app's.
      await expect(table.getByRole('row').count()).resolves.toBe(2);
      await expect(table.getByText('acme/api').isVisible()).resolves.toBe(true);
      await expect(table.getByText('other/app').count()).resolves.toBe(0);
      await shot('15-non-admin-webhooks', ritaPage, ritaBrowser);

      await ritaPage.getByRole('link', { name: 'New webhook' }).first().click();
      await ritaPage.getByLabel('Repository or namespace').fill('acme');
      await ritaPage.getByText(/event types are not available for acme$/).waitFor();
      await expect(ritaPage.getByRole('radio').count()).resolves.toBe(0);
      await ritaPage.getByLabel('Repository or namespace').fill('acme/api');
      await ritaPage.getByText(/not available for acme\/api/).waitFor();
      await ritaPage.getByRole('radio', { name: /TAG_PUSH/ }).waitFor();
      await expect(ritaPage.getByRole('radio', { name: /SCANNER_UPDATE_COMPLETED/ }).count()).resolves.toBe(
        0,
      );
      await shot('16-non-admin-new-webhook', ritaPage, ritaBrowser);

      await ritaPage.getByRole('link', { name: 'Accounts & organizations' }).click();
      await ritaPage.getByRole('table', { name: 'Accounts' }).waitFor();
      await expect(ritaPage.getByRole('form', { name: 'Create an account' }).count()).resolves.toBe(0);
      await ritaPage.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'acme' }).click();
      await ritaPage.getByRole('alert').first().waitFor();
      await expect(ritaPage.getByRole('alert').first().textContent()).resolves.toContain(
        'Only owners of acme',
      );
      await shot('17-non-admin-organization', ritaPage, ritaBrowser);
    } finally {
      await ritaBrowser.close();
    }
  });

  it('signs out: the session is gone on the server too', async () => {
    const [cookie] = await browser.context.cookies(gateway);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await browser.context.cookies(gateway)).toEqual([]);
    const reused = await fetch(`${gateway}/api/v0/session`, {
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(reused.status).toBe(401);
    await shot('18-signed-out');
  });

  it('signs in with the keyboard alone', async () => {
    await page.goto(`${gateway}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(stack.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'At a glance' }).waitFor();
    // The skip link comes first, then the console's navigation.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Skip to content');
  });

  /** The Redis key of a console session (ConsoleSessions keeps the id's SHA-256). */
  const sessionKey = (id: string) =>
    `${stack.env.REDIS_PREFIX}:console-sessions:${createHash('sha256').update(id).digest('hex')}`;
  const sessionCookieOf = async (on: Browser) =>
    (await on.context.cookies(gateway)).find((cookie) => cookie.name === 'hookyard_session')!;
  const deliveriesOf = async (id: string) =>
    (await (
      await callApi('GET', `${gateway}/api/v0/webhooks/${id}/deliveries`, stack.adminAuth)
    ).json()) as Array<{
      id: string;
    }>;

  it('shows a hostile receiver’s answer as text: no markup of its runs in the console', async () => {
    const made = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
      type: 'TAG_PUSH',
      key: 'acme/hostile',
      endpoint: `${receiver.origin}/hostile`,
    });
    expect(made.status).toBe(201);
    const hostileId = ((await made.json()) as { id: string }).id;
    const markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    receiver.respondWith({
      status: 500,
      headers: { 'content-type': 'text/html', 'x-hostile': '<img src=x onerror="window.pwned=3">' },
      body: `${markup}</pre><b>bold?</b>`,
    });
    await stack.appendEvents([tagPushEvent('acme/hostile')]);
    await page.goto(`${gateway}/webhooks/${hostileId}`);
    const row = page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'TAG_PUSH' });
    await row.getByRole('link', { name: /^Attempts/ }).click();
    // The retry succeeded: attempt 2 is open, the refused first attempt folded; open it.
    await page.getByRole('heading', { name: 'Attempt 2' }).waitFor({ timeout: 20_000 });
    await page.getByText('Attempt 1', { exact: true }).click();
    const responseBody = page.getByLabel('Response body of attempt 1');
    await responseBody.waitFor();
    await expect(responseBody.textContent()).resolves.toBe(`${markup}</pre><b>bold?</b>`);
    const headers = page.getByRole('table', { name: 'Response headers of attempt 1' });
    await expect(headers.getByText('<img src=x onerror="window.pwned=3">').isVisible()).resolves.toBe(true);
    expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
    await expect(page.locator('main img, main script, main b').count()).resolves.toBe(0);
    await shot('19-hostile-receiver');
    receiver.respondWith({ status: 200 });
  });

  it('finds an inactive webhook by health, re-enables it, copies its secret, and deletes it after asking', async () => {
    const made = await callApi('POST', `${gateway}/api/v0/webhooks`, stack.adminAuth, {
      type: 'TAG_DELETE',
      key: 'acme/paused',
      endpoint: `${receiver.origin}/paused`,
    });
    const paused = (await made.json()) as { id: string; secret: string };
    const off = await callApi('POST', `${gateway}/api/v0/webhooks/update`, stack.adminAuth, {
      webhookID: paused.id,
      inactive: true,
    });
    expect(off.status).toBe(200);

    await page.goto(`${gateway}/webhooks`);
    const table = page.getByRole('table', { name: 'Webhooks' });
    await table.waitFor();
    await page.getByLabel('Health').selectOption('inactive');
    await table.getByRole('row').filter({ hasText: 'acme/api' }).waitFor({ state: 'detached' });
    await expect(table.getByRole('row').count()).resolves.toBe(2);
    await page.getByLabel('Event type').selectOption('TAG_DELETE');
    await expect(table.getByRole('row').count()).resolves.toBe(2);
    await shot('22-webhooks-inactive');
    await table.getByRole('link', { name: /\/paused$/ }).click();
    await page.getByText('Paused through an API.').waitFor();
    await page.getByRole('button', { name: 'Re-enable' }).click();
    await page.getByText('Re-enabled: deliveries start again with the next event.').waitFor();
    await page.getByRole('button', { name: 'Re-enable' }).waitFor({ state: 'detached' });
    await expect(page.getByText('Healthy', { exact: true }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(paused.secret);

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('This cannot be undone.');
    await shot('23-delete-confirmation');
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(
      (await callApi('GET', `${gateway}/api/v0/subscriptions/${paused.id}`, stack.adminAuth)).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks', exact: true }).waitFor();
    expect(
      (await callApi('GET', `${gateway}/api/v0/subscriptions/${paused.id}`, stack.adminAuth)).status,
    ).toBe(404);
  });

  it('creates a webhook with a tag filter, CloudEvents and a static header; shows a bad filter’s error beside it', async () => {
    await page.goto(`${gateway}/webhooks/new`);
    await page.getByLabel('Repository or namespace').fill('acme/options');
    await page.getByRole('radio', { name: /TAG_PUSH/ }).check();
    await page.getByLabel('Endpoint URL').fill(`${receiver.origin}/options`);
    await page.getByText('Filters, payload format, headers, order and rate').click();
    await page.getByLabel('Tag filter').fill('v*a*b*');
    await page.getByLabel('CloudEvents 1.0').check();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('X-Team');
    await page.getByLabel('Header 1 value').fill('ci');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    // The API's 400 names tagPattern: its message stands under that field, not atop the form.
    const tagError = page.locator('#webhook-tag-pattern-error');
    await expect(tagError.textContent()).resolves.toContain('tagPattern');
    await expect(page.getByLabel('Tag filter').getAttribute('aria-invalid')).resolves.toBe('true');
    // It is the one alert (announced), beside its field; the form's own notice stays away.
    await expect(page.getByRole('alert').count()).resolves.toBe(1);
    await shot('24-new-webhook-field-error');
    await page.getByLabel('Tag filter').fill('v*');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook created' }).waitFor();
    const firstSecret = (await page.getByLabel('Signing secret').textContent()) ?? '';
    await page.getByRole('link', { name: 'Open the webhook' }).click();
    await page.getByText('CloudEvents 1.0').waitFor();
    await expect(page.getByText('Tags v*').isVisible()).resolves.toBe(true);
    await expect(page.getByText('X-Team').isVisible()).resolves.toBe(true);
    const optionsId = page.url().split('/').pop()!;

    // dev is filtered out by the dispatcher (it is read first: the stream keeps the order), v1 arrives.
    await stack.appendEvents([
      exampleEvent('TAG_PUSH', 'acme/options', { tag: 'dev' }),
      exampleEvent('TAG_PUSH', 'acme/options', { tag: 'v1' }),
    ]);
    const toOptions = () => receiver.requests.filter((request) => request.path === '/options');
    await eventually(async () => (toOptions().length >= 1 ? true : undefined), 30_000);
    expect(toOptions()[0].headers).toMatchObject({
      'x-team': 'ci',
      'content-type': expect.stringContaining('application/cloudevents+json'),
    });
    const table = page.getByRole('table', { name: 'Deliveries' });
    await table.getByRole('row').filter({ hasText: 'Succeeded' }).waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(2);
    await shot('25-webhook-options');

    // Rotation: the new secret signs, and for the overlap chosen the previous one too.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Current secret keeps signing for').selectOption('1h');
    await shot('26-rotate-secret');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const newSecret = (await page.getByLabel('New signing secret').textContent()) ?? '';
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(firstSecret);
    await page.getByText(/Rotated: the previous secret also signs until/).waitFor();
    await stack.appendEvents([exampleEvent('TAG_PUSH', 'acme/options', { tag: 'v2' })]);
    await eventually(async () => (toOptions().length >= 2 ? true : undefined), 30_000);
    expect(String(toOptions()[1].headers['webhook-signature']).split(' ')).toHaveLength(2);

    // Edit: the filter removed, the stored header kept without its value being shown or sent back.
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByLabel('Header 1 name').inputValue()).resolves.toBe('X-Team');
    await expect(page.getByLabel('Header 1 value').inputValue()).resolves.toBe('');
    await page.getByLabel('Tag filter').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('None: every event of its types').waitFor();
    await expect(page.getByText('X-Team').isVisible()).resolves.toBe(true);
    await stack.appendEvents([exampleEvent('TAG_PUSH', 'acme/options', { tag: 'dev' })]);
    await eventually(async () => (toOptions().length >= 3 ? true : undefined), 30_000);
    expect(toOptions()[2].headers['x-team']).toBe('ci');
    expect(
      (await callApi('GET', `${gateway}/api/v0/subscriptions/${optionsId}`, stack.adminAuth)).status,
    ).toBe(200);
  });

  it('shows a user who just lost access that the webhook is gone, not its old deliveries', async () => {
    const ritaBrowser = await launchBrowser();
    try {
      const ritaPage = await ritaBrowser.newPage();
      await signIn(ritaPage, 'rita', rita.token);
      await ritaPage.getByRole('heading', { name: 'At a glance' }).waitFor();
      await ritaPage.goto(`${gateway}/webhooks/${webhookId}`);
      await ritaPage.getByRole('table', { name: 'Deliveries' }).waitFor();
      await callApi(
        'DELETE',
        `${gateway}/api/v0/repositories/acme/api/userAccess/rita`,
        stack.adminAuth,
      ).then((response) => expect(response.status).toBe(204));
      // The live log's next refresh is refused; the page drops what it showed.
      await ritaPage.getByText('You may no longer manage this webhook.').waitFor({ timeout: 20_000 });
      await expect(ritaPage.getByRole('table', { name: 'Deliveries' }).count()).resolves.toBe(0);
      await shot('20-non-admin-lost-access', ritaPage, ritaBrowser);
    } finally {
      await ritaBrowser.close();
      await grantRepositoryAccess(stack, 'acme/api', 'rita', 'admin');
    }
  });

  it('ends the page’s session when the server’s ends (expiry), and asks to sign in again', async () => {
    await page.goto(`${gateway}/webhooks/${webhookId}`);
    await page.getByRole('table', { name: 'Deliveries' }).waitFor();
    // What the TTL does in Redis, now: the live log's next refresh finds no session.
    expect(await stack.redis.del(sessionKey((await sessionCookieOf(browser)).value))).toBe(1);
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor({ timeout: 20_000 });
    await shot('21-session-expired');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('API token').fill(stack.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the user was.
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
  });

  it('refuses a state-changing request another origin of the same site makes with the session cookie', async () => {
    const [delivery] = await deliveriesOf(webhookId);
    const before = (await deliveriesOf(webhookId)).length;
    const redeliver = `${gateway}/api/v0/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`;
    // 127.0.0.1 on another port: same site, so SameSite=Strict still sends the cookie; the
    // Sec-Fetch-Site/Origin check is what refuses it.
    const attacker: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<script>fetch(${JSON.stringify(redeliver)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })` +
          `.finally(() => { document.title = 'sent'; });</script>`,
      );
    });
    await new Promise<void>((listening) => attacker.listen(0, '127.0.0.1', listening));
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      await tab.waitForFunction('document.title === "sent"');
      await tab.close();
    } finally {
      // The browser keeps its connection open; close it too rather than wait for its timeout.
      attacker.closeAllConnections();
      await new Promise((closed) => attacker.close(closed));
    }
    expect((await deliveriesOf(webhookId)).length).toBe(before);
    // The request reached the gateway with the cookie and was refused there (logged, as a 4xx is).
    await eventually(async () =>
      stack
        .logs('gateway')
        .split('\n')
        .some((line) => line.includes('/redeliver') && line.includes('"statusCode":403'))
        ? true
        : undefined,
    );
  });

  it('never adopts a session id the browser brings to sign-in, and closes it', async () => {
    const victim = await launchBrowser();
    try {
      // A session the attacker opened, planted in the victim's browser (e.g. by a page on another
      // port of the same host: cookies do not keep ports apart).
      const planted = await fetch(`${gateway}/api/v0/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'rita', token: rita.token }),
      });
      const plantedId = /hookyard_session=([^;]+)/.exec(planted.headers.get('set-cookie') ?? '')![1];
      const victimPage = await victim.newPage();
      await victimPage.goto(`${gateway}/`);
      await victimPage.getByRole('button', { name: 'Sign in' }).waitFor();
      await victim.context.addCookies([{ name: 'hookyard_session', value: plantedId, url: gateway }]);
      await victimPage.getByLabel('Username').fill('admin');
      await victimPage.getByLabel('API token').fill(stack.adminToken);
      await victimPage.getByRole('button', { name: 'Sign in' }).click();
      await victimPage.getByRole('heading', { name: 'At a glance' }).waitFor();
      expect((await sessionCookieOf(victim)).value).not.toBe(plantedId);
      const reused = await fetch(`${gateway}/api/v0/session`, {
        headers: { cookie: `hookyard_session=${plantedId}` },
      });
      expect(reused.status).toBe(401);
    } finally {
      await victim.close();
    }
  });
});
