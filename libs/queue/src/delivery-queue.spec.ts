import type { HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { deliveryBatchJobId, type DeliveriesQueueJobData } from './delivery-job';
import { DeliveryFailedError, DeliveryQueue } from './delivery-queue';

interface Added {
  name: string;
  data: DeliveriesQueueJobData;
  opts: JobsOptions;
}

const event = (id: string) => ({ id, type: 'TAG_PUSH' }) as CanonicalEvent;

function deliveryQueue(retryScheduleMs = [5000, 60_000], batchSize = 2) {
  const added: Added[][] = [];
  const queue = {
    add: jest.fn(async (name: string, data: DeliveriesQueueJobData, opts: JobsOptions) => {
      added.push([{ name, data, opts }]);
    }),
    addBulk: jest.fn(async (jobs: Added[]) => {
      added.push(jobs);
    }),
  };
  const config = { delivery: { retryScheduleMs, batchSize } } as HookyardConfig;
  const deliveries = new DeliveryQueue(queue as unknown as Queue<DeliveriesQueueJobData>, config);
  return { deliveries, queue, added };
}

describe('DeliveryQueue', () => {
  it('queues an event with one match as one job, in one call without a bulk', async () => {
    const { deliveries, queue, added } = deliveryQueue();
    expect(await deliveries.addMatched([{ event: event('e1'), subscriptionIds: ['s1'] }])).toBe(1);
    expect(queue.addBulk).not.toHaveBeenCalled();
    expect(added).toEqual([
      [
        {
          name: 'TAG_PUSH',
          data: { event: event('e1'), subscriptionId: 's1' },
          opts: {
            jobId: 'e1.s1',
            attempts: 3,
            backoff: { type: 'delivery-schedule' },
            removeOnComplete: true,
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        },
      ],
    ]);
  });

  it('queues the deliveries of events read together in order, as batch jobs of DELIVERY_BATCH_SIZE, in one bulk', async () => {
    const { deliveries, queue, added } = deliveryQueue(undefined, 3);
    const jobs = await deliveries.addMatched([
      { event: event('e1'), subscriptionIds: ['s1', 's2', 's3', 's4'] },
      { event: event('e2'), subscriptionIds: [] },
      { event: event('e3'), subscriptionIds: ['s5'] },
      { event: event('e4'), subscriptionIds: ['s6', 's7'] },
      { event: event('e5'), subscriptionIds: ['s8'] },
    ]);
    expect(jobs).toBe(3);
    expect(queue.add).not.toHaveBeenCalled();
    const first = [{ event: event('e1'), subscriptionIds: ['s1', 's2', 's3'] }];
    const second = [
      { event: event('e1'), subscriptionIds: ['s4'] },
      { event: event('e3'), subscriptionIds: ['s5'] },
      { event: event('e4'), subscriptionIds: ['s6'] },
    ];
    expect(added[0].map(({ name, data, opts }) => [name, data, opts.jobId, opts.attempts])).toEqual([
      ['TAG_PUSH', { matches: first }, deliveryBatchJobId(first), 3],
      ['TAG_PUSH', { matches: second }, deliveryBatchJobId(second), 3],
      [
        'TAG_PUSH',
        {
          matches: [
            { event: event('e4'), subscriptionIds: ['s7'] },
            { event: event('e5'), subscriptionIds: ['s8'] },
          ],
        },
        expect.stringMatching(/^e4\.batch-/),
        3,
      ],
    ]);
  });

  it('queues a delivery alone in its batch as a job of its own', async () => {
    const { deliveries, added } = deliveryQueue(undefined, 2);
    await deliveries.addMatched([
      { event: event('e1'), subscriptionIds: ['s1', 's2'] },
      { event: event('e2'), subscriptionIds: ['s3'] },
    ]);
    expect(added[0].map(({ data, opts }) => [data, opts.jobId])).toEqual([
      [{ matches: [{ event: event('e1'), subscriptionIds: ['s1', 's2'] }] }, 'e1.batch-660060ec61ddf748'],
      [{ event: event('e2'), subscriptionId: 's3' }, 'e2.s3'],
    ]);
  });

  it('adds nothing when no event matched', async () => {
    const { deliveries, queue } = deliveryQueue();
    expect(await deliveries.addMatched([{ event: event('e1'), subscriptionIds: [] }])).toBe(0);
    expect(queue.add).not.toHaveBeenCalled();
    expect(queue.addBulk).not.toHaveBeenCalled();
  });

  it('queues one delivery with the full schedule, under its own job id when given one', async () => {
    const { deliveries, added } = deliveryQueue();
    await deliveries.add(event('e1'), 's1');
    await deliveries.add(event('e1'), 's1', 'e1.s1.redelivery-n');
    expect(added.flat().map(({ opts }) => [opts.jobId, opts.attempts])).toEqual([
      ['e1.s1', 3],
      ['e1.s1.redelivery-n', 3],
    ]);
  });

  it("queues a recovery's redeliveries in one bulk, each with the full schedule under its own job id", async () => {
    const { deliveries, queue, added } = deliveryQueue();
    await deliveries.addRedeliveries([]);
    expect(queue.addBulk).not.toHaveBeenCalled();
    await deliveries.addRedeliveries([
      { event: event('e1'), subscriptionId: 's1', jobId: 'e1.s1.redelivery-r' },
      { event: event('e2'), subscriptionId: 's1', jobId: 'e2.s1.redelivery-r' },
    ]);
    expect(added).toHaveLength(1);
    expect(added[0].map(({ data, opts }) => [data, opts.jobId, opts.attempts])).toEqual([
      [{ event: event('e1'), subscriptionId: 's1' }, 'e1.s1.redelivery-r', 3],
      [{ event: event('e2'), subscriptionId: 's1' }, 'e2.s1.redelivery-r', 3],
    ]);
  });

  it("continues a batch's deliveries with the attempts they have left, after their delay", async () => {
    const { deliveries, queue, added } = deliveryQueue();
    await deliveries.addContinued([]);
    expect(queue.addBulk).not.toHaveBeenCalled();
    await deliveries.addContinued([
      { job: { event: event('e1'), subscriptionId: 's1', attemptsBefore: 1 }, delayMs: 2000 },
      { job: { event: event('e1'), subscriptionId: 's2' }, delayMs: 300 },
    ]);
    expect(added[0].map(({ opts }) => [opts.jobId, opts.attempts, opts.delay])).toEqual([
      ['e1.s1', 2, 2000],
      ['e1.s2', 3, 300],
    ]);
  });

  it("times retries by the delivery's attempts, a batch's included, for single jobs and batch members alike", () => {
    const { deliveries } = deliveryQueue([10_000, 1_000_000]);
    const single = { event: event('e1'), subscriptionId: 's1' };
    const continued = { ...single, attemptsBefore: 1 };
    expect(deliveries.retryDelayMs(single, 1)).toBeGreaterThanOrEqual(8_000);
    expect(deliveries.retryDelayMs(single, 1)).toBeLessThanOrEqual(12_000);
    expect(deliveries.retryDelayMs(continued, 1)).toBeGreaterThanOrEqual(800_000);
    expect(deliveries.retryDelayMs(single, 1, 3000)).toBe(3000);
    const job = (data: DeliveriesQueueJobData) => ({ data }) as Job;
    const backoff = deliveries.backoffStrategy;
    expect(backoff(1, 'delivery-schedule', new DeliveryFailedError('HTTP 429', 4000), job(continued))).toBe(
      4000,
    );
    expect(backoff(1, 'delivery-schedule', new Error('x'), job(continued))).toBeGreaterThanOrEqual(800_000);
    expect(backoff(1, 'fixed', new Error('x'), job(single))).toBe(0);
  });
});
