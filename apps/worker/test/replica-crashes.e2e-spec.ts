import { webhookIdFor } from '@hookyard/delivery';
import {
  createWebhook,
  eventually,
  exampleEvent,
  queryDatabase,
  Receiver,
  Replica,
  Stack,
  startReceiver,
  startStack,
  verifySignature,
} from '@hookyard/testing';

const EVENTS = 300;
const KEY = 'replicas/app';

/**
 * Scaled out on one machine — 2 ingest, 2 dispatchers, 3 workers — under a steady load, one
 * process of each is SIGKILLed. Every accepted event reaches every subscriber, and whatever
 * arrives twice arrives under the same webhook-id with the same signed body.
 */
describe('replicas killed under load (e2e)', () => {
  let stack: Stack;
  let receiver: Receiver;
  const replicas: Record<'ingest' | 'dispatcher' | 'worker', Replica[]> = {
    ingest: [],
    dispatcher: [],
    worker: [],
  };

  beforeAll(async () => {
    stack = await startStack({
      // Quick take-over of a dead consumer's stream entries and of a dead worker's jobs.
      env: { DISPATCHER_CLAIM_IDLE: '1s', WORKER_LOCK_DURATION: '2s' },
    });
    const [ingest, dispatcher, ...workers] = await Promise.all([
      stack.startReplica('ingest'),
      stack.startReplica('dispatcher'),
      stack.startReplica('worker'),
      stack.startReplica('worker'),
    ]);
    replicas.ingest.push(ingest);
    replicas.dispatcher.push(dispatcher);
    replicas.worker.push(...workers);
    receiver = await startReceiver();
    // Deliveries take a little while, so each worker holds some in flight when it dies.
    receiver.setDefaultResponse({ status: 200, delayMs: 20 });
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('lose no event; repeats carry the same webhook-id and body', async () => {
    const webhooks = [
      await createWebhook(stack, { key: KEY, endpoint: `${receiver.url}/a` }),
      await createWebhook(stack, { key: KEY, endpoint: `${receiver.url}/b` }),
    ];
    const ingestUrls = [stack.url('ingest'), replicas.ingest[0].url];
    const live = new Set(ingestUrls);

    // A producer posting through both ingest processes, each event once under its own id, and
    // posting it again to the other one when a request fails (as a registry retries).
    const eventIds: string[] = [];
    let next = 0;
    let accepted = 0;
    const post = async (n: number): Promise<string> => {
      const { contents } = exampleEvent('TAG_PUSH', KEY, { tag: `t${n}` });
      for (let attempt = 0; ; attempt++) {
        const target = [...live][(n + attempt) % live.size];
        try {
          const response = await fetch(`${target}/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${stack.ingestToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id: `replicas-${n}`, type: 'TAG_PUSH', contents }),
          });
          if (response.status === 202) return ((await response.json()) as { ids: string[] }).ids[0];
          if (response.status < 500) throw new Error(`ingest refused event ${n}: ${response.status}`);
        } catch (error) {
          if (attempt >= 20 || (error as Error).message.startsWith('ingest refused')) throw error;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // About 100 events/s in all; the second half waits for the kills, so they land mid-load.
    let killed!: () => void;
    const afterKills = new Promise<void>((resolve) => (killed = resolve));
    const producer = async () => {
      while (next < EVENTS) {
        const n = next++;
        if (n >= EVENTS / 2) await afterKills;
        eventIds[n] = await post(n);
        accepted++;
        await new Promise((r) => setTimeout(r, 80));
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, producer));

    // Mid-load: one ingest, one dispatcher and one worker die at once.
    await eventually(async () => (accepted >= EVENTS / 3 ? true : undefined), 60_000);
    await receiver.waitForRequests(10, 30_000);
    live.delete(stack.url('ingest'));
    await Promise.all([
      stack.stopApp('ingest', 'SIGKILL'),
      replicas.dispatcher[0].stop('SIGKILL'),
      replicas.worker[0].stop('SIGKILL'),
    ]);
    killed();
    await load;

    const expected = new Set(
      eventIds.flatMap((eventId) => webhooks.map((webhook) => webhookIdFor(eventId, webhook.id))),
    );
    expect(expected.size).toBe(EVENTS * webhooks.length);
    const seen = () => new Set(receiver.requests.map((r) => String(r.headers['webhook-id'])));
    await eventually(async () => (seen().size >= expected.size ? true : undefined), 90_000);
    expect(seen()).toEqual(expected);

    // A repeat (at-least-once) is the same message: same webhook-id, same signed body.
    const bodies = new Map<string, string>();
    for (const request of receiver.requests) {
      const id = String(request.headers['webhook-id']);
      expect(bodies.get(id) ?? request.body).toBe(request.body);
      bodies.set(id, request.body);
    }
    const toA = receiver.requests.find((request) => request.path.endsWith('/a'))!;
    expect(verifySignature(webhooks[0].secret, toA)).toMatchObject({ type: 'TAG_PUSH' });

    // The delivery log has each delivery once, succeeded (waited for, then compared in full).
    const logged = async () => {
      const rows = await queryDatabase(stack, 'SELECT webhook_id, status FROM deliveries');
      return {
        rows: rows.length,
        webhookIds: new Set(rows.map((row) => String(row.webhook_id))),
        statuses: [...new Set(rows.map((row) => row.status))],
      };
    };
    await eventually(async () => ((await logged()).rows >= expected.size ? true : undefined), 30_000).catch(
      () => undefined,
    );
    expect(await logged()).toEqual({ rows: expected.size, webhookIds: expected, statuses: ['succeeded'] });
  });
});
