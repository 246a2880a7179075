import type { CanonicalEvent } from '@hookyard/events';
import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveryLogRepository, DeliveryRow } from '../delivery/delivery-log.repository';
import { DeliveryStatus } from '../delivery/delivery.entity';
import { DeliveryRecoveryRepository, DeliveryRecoveryRequest } from './delivery-recovery.repository';

const HOUR = 3600_000;
const base = Date.parse('2030-01-10T00:00:00.000Z');
const at = (hours: number) => new Date(base + hours * HOUR).toISOString();

const eventOf = (id: string): CanonicalEvent => ({
  id,
  type: 'TAG_PUSH',
  occurredAt: at(0),
  source: 'distribution',
  namespace: 'acme',
  repository: 'api',
  contents: { namespace: 'acme', repository: 'api', tag: id },
  dedupKey: id,
});

/** Recoveries' SQL against the real PostgreSQL with the migrations' schema. */
describe('DeliveryRecoveryRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let log: DeliveryLogRepository;
  let recoveries: DeliveryRecoveryRepository;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    log = new DeliveryLogRepository(dataSource);
    recoveries = new DeliveryRecoveryRepository(dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** A logged delivery of message `message` to `subscriptionId`, last updated `hours` after the base. */
  async function logged(
    subscriptionId: string,
    message: string,
    status: DeliveryStatus,
    hours: number,
    attempts = 3,
  ): Promise<string> {
    const row: DeliveryRow & { at: string } = {
      id: randomUUID(),
      event: eventOf(`${subscriptionId}-${message}`),
      subscriptionId,
      webhookId: `msg_${subscriptionId}_${message}`,
      status,
      attempts,
      lastResponseStatus: status === 'succeeded' ? 200 : 500,
      at: at(hours),
    };
    await log.writeBatch([row], []);
    return row.id;
  }

  const request = (subscriptionId: string, fields: Partial<DeliveryRecoveryRequest> = {}) => ({
    id: randomUUID(),
    subscriptionId,
    since: new Date(at(10)),
    requestedBy: randomUUID(),
    limit: 100,
    stalledAfterMs: 60_000,
    ...fields,
  });

  const positions = async (recoveryId: string) =>
    (await recoveries.nextItems(recoveryId, 100)).map(({ position, deliveryId, webhookId }) => ({
      position,
      deliveryId,
      webhookId,
    }));

  it("takes each message whose latest delivery since `since` failed (or was cut short by the webhook's turning off), oldest first", async () => {
    const failedBefore = await logged('s1', 'a', 'failed', 9);
    const failedLate = await logged('s1', 'b', 'failed', 12);
    const failedEarly = await logged('s1', 'c', 'failed', 11);
    const cutShort = await logged('s1', 'd', 'skipped', 13, 2);
    await logged('s1', 'e', 'skipped', 13, 0); // never attempted: the webhook was off
    await logged('s1', 'f', 'succeeded', 11);
    await logged('s1', 'g', 'pending', 11);
    // Failed, then redelivered with success: nothing to recover.
    await logged('s1', 'h', 'failed', 11);
    await logged('s1', 'h', 'succeeded', 12);
    // Succeeded, then a redelivery failed: the message is recovered, through its failed delivery.
    await logged('s1', 'i', 'succeeded', 11);
    const redeliveryFailed = await logged('s1', 'i', 'failed', 14);
    await logged('s2', 'a', 'failed', 12); // another webhook's

    const { started } = (await recoveries.start(request('s1'))) as { started: { id: string } };
    expect(started).toMatchObject({ subscriptionId: 's1', total: 4, truncated: false, state: 'queuing' });
    expect(await positions(started.id)).toEqual([
      { position: 1, deliveryId: failedEarly, webhookId: 'msg_s1_c' },
      { position: 2, deliveryId: failedLate, webhookId: 'msg_s1_b' },
      { position: 3, deliveryId: cutShort, webhookId: 'msg_s1_d' },
      { position: 4, deliveryId: redeliveryFailed, webhookId: 'msg_s1_i' },
    ]);
    expect((await positions(started.id)).map((item) => item.deliveryId)).not.toContain(failedBefore);
  });

  it('runs one recovery of a webhook at a time while it queues, unless it stalled', async () => {
    await logged('s3', 'a', 'failed', 12);
    const first = (await recoveries.start(request('s3'))) as { started: { id: string } };
    const second = await recoveries.start(request('s3'));
    expect(second).toEqual({ inProgress: expect.objectContaining({ id: first.started.id }) });

    await dataSource.query(
      `UPDATE delivery_recoveries SET updated_at = now() - interval '2 minutes' WHERE id = $1`,
      [first.started.id],
    );
    const third = await recoveries.start(request('s3'));
    expect(third).toEqual({ started: expect.objectContaining({ total: 1, state: 'queuing' }) });
    expect(await recoveries.findById(first.started.id)).toMatchObject({
      state: 'stopped',
      stoppedReason: expect.stringMatching(/^stalled/),
    });
  });

  it('bounds a recovery to `limit` messages, the oldest, and says more matched; nothing to do is queued at once', async () => {
    for (let i = 0; i < 5; i++) await logged('s4', `m${i}`, 'failed', 11 + i);
    const { started } = (await recoveries.start(request('s4', { limit: 3 }))) as {
      started: { id: string };
    };
    expect(started).toMatchObject({ total: 3, truncated: true });
    expect((await positions(started.id)).map((item) => item.webhookId)).toEqual([
      'msg_s4_m0',
      'msg_s4_m1',
      'msg_s4_m2',
    ]);

    const empty = await recoveries.start(request('nothing-failed'));
    expect(empty).toEqual({ started: expect.objectContaining({ total: 0, state: 'queued' }) });
  });

  it('marks items queued chunk by chunk and reports where their deliveries are', async () => {
    for (const message of ['a', 'b', 'c', 'd']) await logged('s5', message, 'failed', 12);
    const { started } = (await recoveries.start(request('s5'))) as { started: { id: string } };
    const [a, b, c] = await recoveries.nextItems(started.id, 3);
    const redeliveries = [randomUUID(), randomUUID(), randomUUID()];
    await log.createPendingDeliveries(
      [a, b].map((item, i) => ({
        id: redeliveries[i],
        eventId: item.eventId,
        subscriptionId: 's5',
        eventType: item.eventType,
        webhookId: item.webhookId,
      })),
    );
    // c's event was pruned: it is queued without a delivery.
    await recoveries.markQueued(
      started.id,
      [a, b, c].map((item, i) => ({ position: item.position, redeliveryId: redeliveries[i] })),
    );
    await dataSource.query(`UPDATE deliveries SET status = 'succeeded' WHERE id = $1`, [redeliveries[0]]);
    expect(await recoveries.nextItems(started.id, 10)).toHaveLength(1);
    expect(await recoveries.findProgress('s5', started.id)).toMatchObject({
      recovery: { id: started.id, state: 'queuing' },
      waiting: 1,
      pending: 1,
      succeeded: 1,
      failed: 0,
      skipped: 0,
      unsent: 1,
    });
    expect(await recoveries.findProgress('another', started.id)).toBeNull();

    await recoveries.finishQueuing(started.id);
    await recoveries.stop(started.id, 'too late');
    expect(await recoveries.findById(started.id)).toMatchObject({ state: 'queued', stoppedReason: null });
  });

  it('logs pending deliveries once, however often a chunk is queued', async () => {
    const row = {
      id: randomUUID(),
      eventId: 'e-pending',
      subscriptionId: 's6',
      eventType: 'TAG_PUSH' as const,
      webhookId: 'msg_pending',
    };
    await log.createPendingDeliveries([row]);
    await dataSource.query(`UPDATE deliveries SET status = 'succeeded', attempts = 1 WHERE id = $1`, [
      row.id,
    ]);
    await log.createPendingDeliveries([row]);
    expect(await dataSource.query(`SELECT status, attempts FROM deliveries WHERE id = $1`, [row.id])).toEqual(
      [{ status: 'succeeded', attempts: 1 }],
    );
  });

  it('prunes recoveries made before the cutoff with their items, never one still queuing', async () => {
    await logged('s7', 'a', 'failed', 12);
    await logged('s8', 'a', 'failed', 12);
    const { started: done } = (await recoveries.start(request('s7'))) as { started: { id: string } };
    const { started: running } = (await recoveries.start(request('s8'))) as { started: { id: string } };
    await recoveries.finishQueuing(done.id);
    const before = Number((await dataSource.query(`SELECT count(*) AS n FROM delivery_recovery_items`))[0].n);
    expect(await recoveries.pruneBefore(new Date(Date.now() + HOUR))).toBeGreaterThanOrEqual(1);
    expect(await recoveries.findById(done.id)).toBeNull();
    expect(await recoveries.findById(running.id)).not.toBeNull();
    const after = Number((await dataSource.query(`SELECT count(*) AS n FROM delivery_recovery_items`))[0].n);
    expect(after).toBeLessThan(before);
  });
});
