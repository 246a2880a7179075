import { EXAMPLE_CONTENTS } from '@hookyard/events';
import { DISTRIBUTION_FIXTURES_DIR, RunningRegistry, Stack } from '@hookyard/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'undici';

/** A real tag-push envelope. */
const FIXTURE = resolve(DISTRIBUTION_FIXTURES_DIR, 'envelope-2.json');

interface Envelope {
  events: Array<{ id: string; target: { tag: string; digest: string; url: string; repository: string } }>;
}

/** Placeholders in the serialized envelope, replaced per request. */
const EVENT_ID = '%EVENT_ID%';
const TAG = '%TAG%';

/** The load generator: registry notifications and native events posted to ingest. */
export class Load {
  /** The envelope serialized once: the load generator shares the machine, so it should cost little. */
  private readonly template: string;
  /** Ingest processes, posted to in turn. */
  private ingests: Pool[];
  private turn = 0;
  private serial = 0;

  constructor(
    private readonly stack: Stack,
    registry: RunningRegistry,
    digest: string,
  ) {
    const envelope = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { body: Envelope }).body;
    const [event] = envelope.events;
    event.id = EVENT_ID;
    event.target.tag = TAG;
    event.target.repository = 'bench/app';
    event.target.digest = digest;
    event.target.url = `${registry.url}/v2/bench/app/manifests/${digest}`;
    this.template = JSON.stringify(envelope);
    this.ingests = [new Pool(stack.url('ingest'), { connections: 32 })];
  }

  /** Spreads the load over these ingest processes too (replicas) until the returned function is called. */
  spreadOver(urls: string[]): () => Promise<void> {
    const added = urls.map((url) => new Pool(url, { connections: 32 }));
    this.ingests = [...this.ingests, ...added];
    return async () => {
      this.ingests = this.ingests.filter((pool) => !added.includes(pool));
      await Promise.all(added.map((pool) => pool.close()));
    };
  }

  /** POSTs one push envelope with a fresh event id and tag; resolves with the 202's time. */
  async send(tag: string): Promise<number> {
    const id = `bench-${++this.serial}-${randomBytes(6).toString('hex')}`;
    await this.post(
      '/events/distribution',
      'application/vnd.docker.distribution.events.v1+json',
      this.template.replace(EVENT_ID, id).replace(TAG, tag),
    );
    return Date.now();
  }

  /**
   * POSTs one native batch (`POST /events`) of TAG_PUSH events on bench/app, one per tag;
   * resolves with the 202's time.
   */
  async sendNative(tags: string[]): Promise<number> {
    const run = randomBytes(6).toString('hex');
    const events = tags.map((tag) => ({
      id: `native-${++this.serial}-${run}`,
      type: 'TAG_PUSH',
      contents: { ...EXAMPLE_CONTENTS.TAG_PUSH, namespace: 'bench', repository: 'app', tag },
    }));
    await this.post('/events', 'application/json', JSON.stringify({ events }));
    return Date.now();
  }

  /** POSTs `body` to ingest as the registry's producer; anything but 202 fails the run. */
  async post(path: string, contentType: string, body: string): Promise<void> {
    const ingest = this.ingests[this.turn++ % this.ingests.length];
    const response = await ingest.request({
      path,
      method: 'POST',
      headers: { authorization: `Bearer ${this.stack.ingestToken}`, 'content-type': contentType },
      body,
    });
    await response.body.dump();
    if (response.statusCode !== 202) throw new Error(`ingest answered ${response.statusCode}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.ingests.map((pool) => pool.close()));
  }
}
