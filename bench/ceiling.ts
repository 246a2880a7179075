import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { pool } from './concurrency';

/** A rendered delivery of typical size, for the raw client ceilings. */
export const SAMPLE_BODY = JSON.stringify({
  type: 'TAG_PUSH',
  createdAt: new Date().toISOString(),
  contents: {
    namespace: 'bench',
    repository: 'app',
    tag: 'ceiling',
    digest: `sha256:${'0'.repeat(64)}`,
    imageName: '127.0.0.1:5000/bench/app:ceiling',
    os: 'linux',
    architecture: 'amd64',
    author: '',
    pushedAt: new Date().toISOString(),
  },
});
export const SAMPLE_HEADERS = {
  'content-type': 'application/json',
  'user-agent': 'Hookyard/bench',
  'webhook-id': 'msg_bench',
  'webhook-timestamp': '1700000000',
  'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
};

/** Requests of one ceiling run, at full scale. */
export const CEILING_REQUESTS = 20_000;

/** The raw ceiling: keep-alive POSTs from one process with undici.request over 64 connections; requests/s. */
export async function undiciCeiling(url: string, count: number): Promise<number> {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const started = performance.now();
  await pool(count, 64, async () => {
    const response = await request(url, {
      method: 'POST',
      headers: SAMPLE_HEADERS,
      body: SAMPLE_BODY,
      dispatcher: agent,
    });
    await response.body.dump();
  });
  const rate = count / ((performance.now() - started) / 1000);
  await agent.close();
  return rate;
}
