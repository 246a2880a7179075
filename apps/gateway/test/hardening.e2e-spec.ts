import { freePort, Stack, startStack } from '@hookyard/testing';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Security headers on the gateway, and /metrics on a port of its own when METRICS_PORT is set. */
describe('hardening (e2e)', () => {
  let stack: Stack;
  const metricsPorts: Record<'gateway' | 'ingest', number> = { gateway: 0, ingest: 0 };

  beforeAll(async () => {
    stack = await startStack({ apps: ['gateway', 'ingest'] });
    for (const app of ['gateway', 'ingest'] as const) {
      metricsPorts[app] = await freePort();
      await stack.stopApp(app);
      await stack.start(app, { METRICS_PORT: String(metricsPorts[app]) });
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('the gateway sends security headers and no X-Powered-By, on answers and on errors', async () => {
    for (const [path, authorization, status] of [
      ['/api/v0/webhooks', stack.adminAuth, 200],
      ['/api/v0/webhooks', '', 401],
      ['/api/docs', '', 200],
      ['/nowhere', '', 404],
    ] as const) {
      const response = await fetch(`${stack.url('gateway')}${path}`, { headers: { authorization } });
      expect([path, response.status]).toEqual([path, status]);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('content-security-policy')).toMatch(/(^|;)default-src 'self'(;|$)/);
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('no cache keeps an API answer: signing secrets, new tokens and delivery bodies are in them', async () => {
    const created = await fetch(`${stack.url('gateway')}/api/v0/api_tokens`, {
      method: 'POST',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/v0/webhooks', '/v1/hooks', '/api/v1/repository/acme/api/notification/']) {
      const response = await fetch(`${stack.url('gateway')}${path}`, {
        headers: { authorization: stack.adminAuth },
      });
      expect([path, response.status, response.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
  });

  it.each(['gateway', 'ingest'] as const)('%s: /metrics only on METRICS_PORT', async (app) => {
    expect((await fetch(`${stack.url(app)}/metrics`)).status).toBe(404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPorts[app]}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain(`process_cpu_user_seconds_total{app="${app}"}`);
    expect((await fetch(`http://127.0.0.1:${metricsPorts[app]}/readyz`)).status).toBe(404);
    // The app's own port still answers its probes.
    expect((await fetch(`${stack.url(app)}/readyz`)).status).toBe(200);
  });

  it('a production start refuses the documented placeholder tokens, naming the variables', () => {
    const started = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'], {
      cwd: resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        ...stack.env,
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'change-me-admin-token',
        INGEST_TOKEN: 'a-token-of-thirty-one-character',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('ADMIN_TOKEN is a documented placeholder');
    expect(started.stderr).toContain('INGEST_TOKEN must be at least 32 characters in production');
  });
});
