import type { PermissionService } from '@hookyard/auth';
import type { CanonicalEvent } from '@hookyard/events';
import type {
  Account,
  Delivery,
  DeliveryLogRepository,
  DeliveryRecoveryRepository,
  Subscription,
  SubscriptionRepository,
} from '@hookyard/persistence';
import type { DeliveryQueue, DeliveryRecoveryQueue } from '@hookyard/queue';
import { randomUUID } from 'node:crypto';
import { DeliveriesService } from './deliveries.service';

/** A redelivery's event, when a first attempt's row left it to the activity stream (recorded a moment later). */
describe('DeliveriesService.redeliver', () => {
  const subscription = { id: 'sub-1', inactive: false } as Subscription;
  const event = { id: 'evt-1', type: 'TAG_PUSH' } as CanonicalEvent;

  function service(original: Delivery, findEvent: () => Promise<CanonicalEvent | null>) {
    const log = {
      findDelivery: jest.fn(async () => original),
      findEvent: jest.fn(findEvent),
      createPendingDelivery: jest.fn(async (row: Partial<Delivery>) => row),
    };
    const queue = { add: jest.fn(async () => undefined) };
    const deliveries = new DeliveriesService(
      { findById: async () => subscription } as unknown as SubscriptionRepository,
      log as unknown as DeliveryLogRepository,
      queue as unknown as DeliveryQueue,
      { administered: async (_a: Account, found: Subscription) => found } as unknown as PermissionService,
      {} as DeliveryRecoveryRepository,
      {} as DeliveryRecoveryQueue,
    );
    return { deliveries, log, queue };
  }

  const deliveryCreated = (agoMs: number) =>
    ({
      id: randomUUID(),
      eventId: event.id,
      eventType: 'TAG_PUSH',
      webhookId: 'msg_1',
      createdAt: new Date(Date.now() - agoMs),
    }) as Delivery;

  it('waits for the event of a delivery of the last minute until the activity stream has it', async () => {
    let reads = 0;
    const original = deliveryCreated(200);
    const { deliveries, queue } = service(original, async () => (++reads < 3 ? null : event));
    await deliveries.redeliver({} as Account, subscription.id, original.id);
    expect(reads).toBe(3);
    expect(queue.add).toHaveBeenCalledWith(event, subscription.id, expect.any(String));
  });

  it("answers 503 when the activity stream has not recorded a recent delivery's event within the wait", async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const original = deliveryCreated(1_000);
      const { deliveries, queue } = service(original, async () => null);
      const answer = deliveries
        .redeliver({} as Account, subscription.id, original.id)
        .catch((error) => error);
      await jest.advanceTimersByTimeAsync(6_000);
      expect(await answer).toMatchObject({
        status: 503,
        code: 'EVENT_NOT_RECORDED',
        message: expect.stringContaining(
          `the event of delivery ${original.id} is not in the activity stream yet`,
        ),
      });
      expect(queue.add).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers 404 at once for an older delivery whose event was pruned', async () => {
    const original = deliveryCreated(120_000);
    const { deliveries, log } = service(original, async () => null);
    await expect(deliveries.redeliver({} as Account, subscription.id, original.id)).rejects.toMatchObject({
      status: 404,
      code: 'NO_SUCH_DELIVERY',
    });
    expect(log.findEvent).toHaveBeenCalledTimes(1);
  });
});
