import {
  Browser,
  buildOciImage,
  callApi,
  createOrganization,
  createUserWithToken,
  grantRepositoryAccess,
  launchBrowser,
  Receiver,
  RunningRegistry,
  SCREENSHOT_DIR,
  skopeoCopy,
  Stack,
  startReceiver,
  startRegistry,
  startStack,
  TestUser,
} from '@hookyard/testing';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

  const shot = (name: string, on: Page = page) => browser.screenshot(on, name);

  async function signIn(on: Page, username: string, token: string): Promise<void> {
    await on.goto(`${gateway}/`);
    await on.getByLabel('Username').fill(username);
    await on.getByLabel('API token').fill(token);
    await on.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    stack = await startStack();
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
      await ritaBrowser.screenshot(ritaPage, '15-non-admin-webhooks');

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
      await ritaBrowser.screenshot(ritaPage, '16-non-admin-new-webhook');

      await ritaPage.getByRole('link', { name: 'Accounts & organizations' }).click();
      await ritaPage.getByRole('table', { name: 'Accounts' }).waitFor();
      await expect(ritaPage.getByRole('form', { name: 'Create an account' }).count()).resolves.toBe(0);
      await ritaPage.getByRole('table', { name: 'Accounts' }).getByRole('link', { name: 'acme' }).click();
      await ritaPage.getByRole('alert').first().waitFor();
      await expect(ritaPage.getByRole('alert').first().textContent()).resolves.toContain(
        'only owners of acme',
      );
      await ritaBrowser.screenshot(ritaPage, '17-non-admin-organization');
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
});
