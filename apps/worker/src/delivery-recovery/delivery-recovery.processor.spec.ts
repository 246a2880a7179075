import type { CanonicalEvent } from '@hookyard/events';
import type {
  DeliveryLogRepository,
  DeliveryRecovery,
  DeliveryRecoveryItem,
  DeliveryRecoveryRepository,
  PendingDeliveryRow,
  QueuedRecoveryItem,
  Subscription,
  SubscriptionRepository,
} from '@hookyard/persistence';
import { type DeliveryQueue, redeliveryOf } from '@hookyard/queue';
import { DeliveryRecoveryProcessor, RECOVERY_CHUNK } from './delivery-recovery.processor';

const event = (id: string) => ({ id, type: 'TAG_PUSH' }) as CanonicalEvent;

/** A recovery of `count` items over in-memory fakes of its repositories and the queue. */
function recoveryOf(
  count: number,
  subscription: Partial<Subscription> | null = { inactive: false },
  createdAgoMs = 10 * 60_000,
) {
  const items: DeliveryRecoveryItem[] = Array.from({ length: count }, (_, i) => ({
    recoveryId: 'r1',
    position: i + 1,
    deliveryId: `d${i + 1}`,
    eventId: `e${i + 1}`,
    eventType: 'TAG_PUSH',
    webhookId: `msg_${i + 1}`,
    redeliveryId: null,
  }));
  const recovery = {
    id: 'r1',
    subscriptionId: 's1',
    state: 'queuing',
    createdAt: new Date(Date.now() - createdAgoMs),
  } as DeliveryRecovery;
  const pending: PendingDeliveryRow[] = [];
  const queued: Array<{ event: CanonicalEvent; subscriptionId: string; jobId: string }> = [];
  const recoveries = {
    findById: jest.fn(async () => recovery),
    nextItems: jest.fn(async (_: string, limit: number) =>
      items.filter((item) => item.redeliveryId === null).slice(0, limit),
    ),
    markQueued: jest.fn(async (_: string, marked: QueuedRecoveryItem[]) => {
      for (const { position, redeliveryId } of marked) items[position - 1].redeliveryId = redeliveryId;
    }),
    finishQueuing: jest.fn(async () => undefined),
    stop: jest.fn(async () => undefined),
  };
  const log = {
    // The third event was pruned from the log.
    findEvents: jest.fn(async (ids: string[]) => ids.filter((id) => id !== 'e3').map((id) => event(id))),
    createPendingDeliveries: jest.fn(async (rows: PendingDeliveryRow[]) => void pending.push(...rows)),
  };
  const deliveries = {
    addRedeliveries: jest.fn(async (jobs: typeof queued) => void queued.push(...jobs)),
  };
  const subscriptions = { findById: jest.fn(async () => subscription) };
  const processor = new DeliveryRecoveryProcessor(
    recoveries as unknown as DeliveryRecoveryRepository,
    subscriptions as unknown as SubscriptionRepository,
    log as unknown as DeliveryLogRepository,
    deliveries as unknown as DeliveryQueue,
  );
  return { processor, items, recoveries, log, deliveries, pending, queued };
}

describe('DeliveryRecoveryProcessor', () => {
  it('queues every item as a redelivery, logged pending first, chunk by chunk, then finishes', async () => {
    const { processor, items, recoveries, deliveries, pending, queued } = recoveryOf(RECOVERY_CHUNK + 2);
    expect(await processor.run('r1')).toBe(`${RECOVERY_CHUNK + 1} queued`);
    expect(deliveries.addRedeliveries).toHaveBeenCalledTimes(2);
    const first = redeliveryOf('e1', 's1', 'r1');
    expect(queued[0]).toEqual({ event: event('e1'), subscriptionId: 's1', jobId: first.jobId });
    expect(pending[0]).toEqual({
      id: first.deliveryId,
      eventId: 'e1',
      subscriptionId: 's1',
      eventType: 'TAG_PUSH',
      webhookId: 'msg_1',
    });
    // The pruned event's item is marked, not sent.
    expect(queued.map((job) => job.event.id)).not.toContain('e3');
    expect(items.every((item) => item.redeliveryId !== null)).toBe(true);
    expect(recoveries.finishQueuing).toHaveBeenCalledWith('r1');
  });

  it('resumes after the items already queued', async () => {
    const { processor, items, queued } = recoveryOf(4);
    items[0].redeliveryId = 'already';
    items[1].redeliveryId = 'already';
    await processor.run('r1');
    expect(queued.map((job) => job.event.id)).toEqual(['e4']);
  });

  it('stops, saying why, once the webhook is turned off or deleted', async () => {
    for (const [subscription, reason] of [
      [{ inactive: true }, 'the webhook was turned off'],
      [null, 'the webhook was deleted'],
    ] as const) {
      const { processor, recoveries, deliveries } = recoveryOf(3, subscription);
      expect(await processor.run('r1')).toBe(`stopped after 0: ${reason}`);
      expect(recoveries.stop).toHaveBeenCalledWith('r1', reason);
      expect(deliveries.addRedeliveries).not.toHaveBeenCalled();
      expect(recoveries.finishQueuing).not.toHaveBeenCalled();
    }
  });

  it('started right after a failure, waits for an event the activity stream has not recorded yet', async () => {
    const { processor, log, queued } = recoveryOf(3, { inactive: false }, 500);
    let lookups = 0;
    // e3 is recorded by the second lookup, as the activity stream catches up.
    log.findEvents.mockImplementation(async (ids: string[]) =>
      ids.filter((id) => id !== 'e3' || ++lookups >= 2).map((id) => event(id)),
    );
    expect(await processor.run('r1')).toBe('3 queued');
    expect(queued.map((job) => job.event.id)).toEqual(['e1', 'e2', 'e3']);
    // Only the missing event is looked up again.
    expect(log.findEvents.mock.calls.slice(1).every(([ids]) => ids.length === 1 && ids[0] === 'e3')).toBe(
      true,
    );
  });

  it('started right after a failure, takes an event still missing after the wait for pruned', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const { processor, items, queued } = recoveryOf(3, { inactive: false }, 500);
      const summary = processor.run('r1');
      await jest.advanceTimersByTimeAsync(6_000);
      expect(await summary).toBe('2 queued');
      expect(queued.map((job) => job.event.id)).toEqual(['e1', 'e2']);
      expect(items.every((item) => item.redeliveryId !== null)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
