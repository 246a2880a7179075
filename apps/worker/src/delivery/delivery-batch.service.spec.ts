import type { HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { deliveryIdFor, deliveryJobId, DeliveryQueue, type DeliveriesQueueJobData } from '@hookyard/queue';
import type { Queue } from 'bullmq';
import { DeliveryBatchService } from './delivery-batch.service';
import { DeliverySlots } from './delivery-slots';
import type { DeliveryOutcomeReporter } from './delivery-outcome-report';
import type { AttemptContext, DeliveryOutcome, DeliveryService } from './delivery.service';

const event = { id: 'e1', type: 'TAG_PUSH' } as CanonicalEvent;

function batchService(
  outcomes: Record<string, DeliveryOutcome | Error>,
  retrySchedule = [5000, 60_000],
  { slotCount = 64, gate = Promise.resolve() } = {},
) {
  const attempts: Array<{ subscriptionId: string; attempt: AttemptContext }> = [];
  const slots = new DeliverySlots(slotCount);
  const deliverInSlot = jest.fn(
    async (job: { subscriptionId: string }, attempt: AttemptContext, release: () => void) => {
      attempts.push({ subscriptionId: job.subscriptionId, attempt });
      try {
        await gate;
        const outcome = outcomes[job.subscriptionId];
        if (outcome instanceof Error) throw outcome;
        return outcome;
      } finally {
        release();
      }
    },
  );
  const addBulk = jest.fn(async () => []);
  const service = new DeliveryBatchService(
    { slot: () => slots.acquire(), deliverInSlot } as unknown as DeliveryService,
    { report: jest.fn() } as unknown as DeliveryOutcomeReporter,
    new DeliveryQueue(
      { addBulk } as unknown as Queue<DeliveriesQueueJobData>,
      { delivery: { retryScheduleMs: retrySchedule, batchSize: 50 } } as HookyardConfig,
    ),
  );
  const followUps = () =>
    (
      addBulk.mock.calls as unknown as Array<[Array<{ data: unknown; opts: Record<string, unknown> }>]>
    ).flatMap(([jobs]) => jobs);
  return { service, attempts, addBulk, followUps };
}

const delivered: DeliveryOutcome = {
  kind: 'delivered',
  response: { status: 200, headers: {}, body: '', durationMs: 1 },
};

describe('DeliveryBatchService', () => {
  it('makes each first attempt under the delivery id its own job would have, and queues nothing when all succeed', async () => {
    const { service, attempts, addBulk } = batchService({ s1: delivered, s2: delivered });
    expect(await service.deliver({ matches: [{ event, subscriptionIds: ['s1', 's2'] }] }, 'e1.batch-x')).toBe(
      '2 done, 0 queued on',
    );
    expect(attempts).toEqual([
      { subscriptionId: 's1', attempt: { deliveryId: deliveryIdFor('e1.s1'), number: 1, last: false } },
      { subscriptionId: 's2', attempt: { deliveryId: deliveryIdFor('e1.s2'), number: 1, last: false } },
    ]);
    expect(addBulk).not.toHaveBeenCalled();
  });

  it('continues a failed attempt as its own job from attempt 2, a saturated endpoint or an error from attempt 1', async () => {
    const { service, followUps } = batchService({
      ok: delivered,
      failed: { kind: 'failed', reason: 'HTTP 503', durationMs: 1, status: 503, retryAfterMs: 2000 },
      busy: { kind: 'busy' },
      broken: new Error('PostgreSQL unreachable'),
      gone: { kind: 'rejected', reason: 'HTTP 410 Gone' },
    });
    await service.deliver(
      { matches: [{ event, subscriptionIds: ['ok', 'failed', 'busy', 'broken', 'gone'] }] },
      'b',
    );
    const bySubscription = Object.fromEntries(
      followUps().map((job) => [(job.data as { subscriptionId: string }).subscriptionId, job]),
    );
    expect(Object.keys(bySubscription).sort()).toEqual(['broken', 'busy', 'failed']);
    expect(bySubscription.failed).toMatchObject({
      data: { event, subscriptionId: 'failed', attemptsBefore: 1 },
      opts: { jobId: deliveryJobId('e1', 'failed'), attempts: 2, delay: 2000 },
    });
    expect(bySubscription.busy.data).toEqual({ event, subscriptionId: 'busy' });
    expect(bySubscription.busy.opts).toMatchObject({ jobId: 'e1.busy', attempts: 3 });
    expect(bySubscription.busy.opts.delay).toBeGreaterThanOrEqual(250);
    expect(bySubscription.busy.opts.delay).toBeLessThanOrEqual(500);
    expect(bySubscription.broken.opts).toMatchObject({ jobId: 'e1.broken', attempts: 3 });
  });

  it('delivers the events of a batch read together, each under its own delivery id', async () => {
    const other = { id: 'e2', type: 'TAG_PUSH' } as CanonicalEvent;
    const { service, attempts, followUps } = batchService({
      s1: delivered,
      s2: { kind: 'failed', reason: 'HTTP 500', durationMs: 1, status: 500 },
    });
    const done = await service.deliver(
      {
        matches: [
          { event, subscriptionIds: ['s1'] },
          { event: other, subscriptionIds: ['s1', 's2'] },
        ],
      },
      'e1.batch-x',
    );
    expect(done).toBe('2 done, 1 queued on');
    expect(attempts.map(({ attempt }) => attempt.deliveryId)).toEqual(
      ['e1.s1', 'e2.s1', 'e2.s2'].map(deliveryIdFor),
    );
    expect(followUps()).toEqual([
      expect.objectContaining({
        data: { event: other, subscriptionId: 's2', attemptsBefore: 1 },
        opts: expect.objectContaining({ jobId: 'e2.s2', attempts: 2 }),
      }),
    ]);
  });

  it('reads a batch job queued before batches held several events', async () => {
    const { service, attempts } = batchService({ s1: delivered, s2: delivered });
    expect(await service.deliver({ event, subscriptionIds: ['s1', 's2'] }, 'e1.batch-x')).toBe(
      '2 done, 0 queued on',
    );
    expect(attempts.map(({ attempt }) => attempt.deliveryId)).toEqual(['e1.s1', 'e1.s2'].map(deliveryIdFor));
  });

  it('queues no retry when the schedule allows a single attempt', async () => {
    const { service, attempts, addBulk } = batchService(
      { s1: { kind: 'failed', reason: 'HTTP 500', durationMs: 1, status: 500 } },
      [],
    );
    await service.deliver({ matches: [{ event, subscriptionIds: ['s1'] }] }, 'b');
    expect(attempts[0].attempt.last).toBe(true);
    expect(addBulk).not.toHaveBeenCalled();
  });

  it('starts a member only when a slot is free, and frees every slot, errors included', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { service, attempts } = batchService(
      { s1: delivered, s2: new Error('PostgreSQL unreachable'), s3: delivered, s4: delivered },
      [5000],
      { slotCount: 2, gate },
    );
    const done = service.deliver({ matches: [{ event, subscriptionIds: ['s1', 's2', 's3', 's4'] }] }, 'b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(attempts.map((a) => a.subscriptionId)).toEqual(['s1', 's2']);
    open();
    expect(await done).toBe('3 done, 1 queued on');
    expect(attempts.map((a) => a.subscriptionId)).toEqual(['s1', 's2', 's3', 's4']);
  });
});
