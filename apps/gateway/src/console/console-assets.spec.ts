import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { consoleAssets, isApiPath } from './console-assets';

describe('consoleAssets', () => {
  let directory: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'console-assets-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), '<!doctype html><title>Hookyard</title>');
    writeFileSync(join(directory, 'assets', 'main-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(consoleAssets(directory));
    app.use((_request, response) => {
      response.status(404).json({ errors: [{ code: 'NOT_FOUND' }] });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

  it('serves the page at / and at client routes, with its CSP and no caching', async () => {
    for (const path of ['/', '/webhooks/abc', '/admin/tokens']) {
      const response = await fetch(`${base}${path}`, { headers: html });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Hookyard</title>');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets for good', async () => {
    const response = await fetch(`${base}/assets/main-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('never answers under the API paths, nor for missing assets or non-HTML requests', async () => {
    for (const path of ['/api/v0/nothing', '/v1/hooks', '/healthz', '/metrics', '/assets/missing.js']) {
      const response = await fetch(`${base}${path}`, { headers: html });
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.json()).toEqual({ errors: [{ code: 'NOT_FOUND' }] });
    }
    for (const accept of ['application/json', '*/*']) {
      const api = await fetch(`${base}/elsewhere`, { headers: { accept } });
      expect([accept, api.status]).toEqual([accept, 404]);
    }
    const post = await fetch(`${base}/`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });

  it('knows the API paths', () => {
    expect(isApiPath('/api')).toBe(true);
    expect(isApiPath('/api/docs')).toBe(true);
    expect(isApiPath('/readyz')).toBe(true);
    expect(isApiPath('/apis')).toBe(false);
    expect(isApiPath('/webhooks')).toBe(false);
  });
});
