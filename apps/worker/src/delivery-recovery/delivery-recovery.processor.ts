import type { CanonicalEvent } from '@hookyard/events';
import {
  awaitRecording,
  DeliveryLogRepository,
  DeliveryRecovery,
  DeliveryRecoveryRepository,
  RECENT_DELIVERY_MS,
  SubscriptionRepository,
} from '@hookyard/persistence';
import {
  DELIVERY_RECOVERIES_QUEUE,
  DeliveryQueue,
  type DeliveryRecoveryJobData,
  redeliveryOf,
} from '@hookyard/queue';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

/** Items queued per round: one multi-row insert of pending deliveries and one addBulk. */
export const RECOVERY_CHUNK = 500;

/**
 * Runs recoveries in the background, one at a time per worker: hands each chosen message to the
 * delivery queue as a redelivery (redeliveryOf: the same webhook-id, a full retry schedule),
 * logged as pending first, chunk by chunk. A run that stops (a crash, PostgreSQL or Redis away)
 * resumes from the first chunk not marked queued; that chunk's deliveries keep their ids, so a
 * delivery is queued again only if its job had already finished (then sent twice, same webhook-id).
 */
@Processor(DELIVERY_RECOVERIES_QUEUE, { concurrency: 1 })
export class DeliveryRecoveryProcessor extends WorkerHost {
  private readonly logger = new Logger(DeliveryRecoveryProcessor.name);

  constructor(
    private readonly recoveries: DeliveryRecoveryRepository,
    private readonly subscriptions: SubscriptionRepository,
    private readonly log: DeliveryLogRepository,
    private readonly deliveries: DeliveryQueue,
  ) {
    super();
  }

  async process(job: Job<DeliveryRecoveryJobData>): Promise<string> {
    return this.run(job.data.recoveryId);
  }

  /** Queues what is left of the recovery; returns a summary for the job. */
  async run(recoveryId: string): Promise<string> {
    const recovery = await this.recoveries.findById(recoveryId);
    if (!recovery || recovery.state !== 'queuing') return 'nothing to do';
    let queued = 0;
    for (;;) {
      const items = await this.recoveries.nextItems(recoveryId, RECOVERY_CHUNK);
      if (items.length === 0) break;
      // Checked each chunk: a webhook turned off or deleted meanwhile gets no more of them.
      const subscription = await this.subscriptions.findById(recovery.subscriptionId);
      if (!subscription || subscription.inactive) {
        const reason = subscription ? 'the webhook was turned off' : 'the webhook was deleted';
        await this.recoveries.stop(recoveryId, reason);
        this.logger.log(
          { recoveryId, subscriptionId: recovery.subscriptionId, queued },
          `recovery stopped: ${reason}`,
        );
        return `stopped after ${queued}: ${reason}`;
      }
      const events = await this.eventsOf(recovery, [...new Set(items.map((item) => item.eventId))]);
      const planned = items.map((item) => ({
        item,
        event: events.get(item.eventId),
        ...redeliveryOf(item.eventId, recovery.subscriptionId, recoveryId),
      }));
      // An event pruned meanwhile cannot be sent: its item is marked queued without a delivery.
      const sendable = planned.filter((plan) => plan.event !== undefined);
      await this.log.createPendingDeliveries(
        sendable.map(({ item, deliveryId }) => ({
          id: deliveryId,
          eventId: item.eventId,
          subscriptionId: recovery.subscriptionId,
          eventType: item.eventType,
          webhookId: item.webhookId,
        })),
      );
      await this.deliveries.addRedeliveries(
        sendable.map(({ event, jobId }) => ({
          event: event!,
          subscriptionId: recovery.subscriptionId,
          jobId,
        })),
      );
      await this.recoveries.markQueued(
        recoveryId,
        planned.map(({ item, deliveryId }) => ({ position: item.position, redeliveryId: deliveryId })),
      );
      queued += sendable.length;
    }
    await this.recoveries.finishQueuing(recoveryId);
    this.logger.log({ recoveryId, subscriptionId: recovery.subscriptionId, queued }, 'recovery queued');
    return `${queued} queued`;
  }

  /**
   * The events of a chunk that are still kept, by id. A recovery started right after a delivery
   * failed at its only attempt may find that delivery's event not yet in the activity stream
   * (awaitRecording): a young recovery waits for the missing ones before taking them for pruned.
   */
  private async eventsOf(
    recovery: DeliveryRecovery,
    eventIds: string[],
  ): Promise<Map<string, CanonicalEvent>> {
    const events = new Map<string, CanonicalEvent>();
    const lookUp = async () => {
      const missing = eventIds.filter((id) => !events.has(id));
      for (const event of await this.log.findEvents(missing)) events.set(event.id, event);
      return events.size === eventIds.length ? events : undefined;
    };
    if (Date.now() - recovery.createdAt.getTime() < RECENT_DELIVERY_MS) await awaitRecording(lookUp);
    else await lookUp();
    return events;
  }

  /** Out of retries (PostgreSQL or Redis away for long): ended, so that another may start. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<DeliveryRecoveryJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    this.logger.warn({ recoveryId: job.data.recoveryId, error: error.message }, 'recovery run failed');
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    await this.recoveries
      .stop(job.data.recoveryId, `it failed: ${error.message}`)
      .catch((stopError: Error) =>
        this.logger.warn(`recovery ${job.data.recoveryId} not stopped: ${stopError.message}`),
      );
  }
}
