import { PermissionService } from '@hookyard/auth';
import type { CanonicalEvent } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import {
  Account,
  awaitRecording,
  Delivery,
  DeliveryAttempt,
  DeliveryLogRepository,
  DeliveryLogFilter,
  DeliveryRecovery,
  DeliveryRecoveryProgress,
  DeliveryRecoveryRepository,
  Listing,
  RECENT_DELIVERY_MS,
  Subscription,
  SubscriptionRepository,
} from '@hookyard/persistence';
import { DeliveryQueue, DeliveryRecoveryQueue, redeliveryOf } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

const noSuchWebhook = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });
const noSuchDelivery = (id: string) =>
  new ApiError(404, 'NO_SUCH_DELIVERY', `delivery ${id} does not exist for this webhook`, { id });

const eventNotRecorded = (id: string) =>
  new ApiError(
    503,
    'EVENT_NOT_RECORDED',
    `the event of delivery ${id} is not in the activity stream yet; try again in a moment`,
    { id },
  );

const noSuchRecovery = (id: string) =>
  new ApiError(404, 'NO_SUCH_RECOVERY', `recovery ${id} does not exist for this webhook`, { id });
const badSince = (message: string) => new ApiError(400, 'INVALID_PARAMETERS', message, { fields: ['since'] });
const inactiveWebhook = (id: string) =>
  new ApiError(409, 'WEBHOOK_INACTIVE', `webhook ${id} is inactive; re-enable it first`, { id });

/** How far back a recovery reaches, and how many deliveries it sends again at most (Svix's bounds). */
export const RECOVERY_WINDOW_DAYS = 14;
export const RECOVERY_LIMIT = 10_000;
/** A recovery still queuing that made no progress for this long has stalled: another may start. */
const RECOVERY_STALLED_AFTER_MS = 10 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The delivery log of one subscription (any API's), manual redelivery and recovery, for those who
 * administer it.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly log: DeliveryLogRepository,
    private readonly queue: DeliveryQueue,
    private readonly permissions: PermissionService,
    private readonly recoveries: DeliveryRecoveryRepository,
    private readonly recoveryQueue: DeliveryRecoveryQueue,
  ) {}

  /**
   * Newest first (creation, then id), so pages stay stable while new deliveries arrive. A deleted
   * subscription's log (system admins) exists while it has deliveries.
   */
  async list(account: Account, webhookId: string, filter: DeliveryLogFilter): Promise<Listing<Delivery>> {
    const subscription = await this.readableLog(account, webhookId);
    if (!subscription && (await this.log.listDeliveries(webhookId).page({ size: 1 })).items.length === 0) {
      throw noSuchWebhook(webhookId);
    }
    return this.log.listDeliveries(webhookId, filter);
  }

  async get(
    account: Account,
    webhookId: string,
    deliveryId: string,
  ): Promise<{ delivery: Delivery; attempts: DeliveryAttempt[] }> {
    await this.readableLog(account, webhookId);
    const delivery = await this.findDelivery(webhookId, deliveryId);
    const attempts = await this.log.listAttempts(deliveryId);
    return { delivery, attempts };
  }

  /**
   * Sends the event again as a new logged delivery with a full retry schedule, rendered with the
   * subscription's current settings. The webhook-id stays that of the original: it is the same
   * message, and receivers that already processed it may drop it as a duplicate.
   */
  async redeliver(account: Account, webhookId: string, deliveryId: string): Promise<Delivery> {
    const subscription = await this.managedSubscription(account, webhookId);
    if (subscription.inactive) throw inactiveWebhook(webhookId);
    const original = await this.findDelivery(webhookId, deliveryId);
    const event = await this.deliveredEvent(original);
    const { jobId, deliveryId: id } = redeliveryOf(original.eventId, subscription.id, randomUUID());
    // Logged before it is queued, so the new id can be read at once; the worker's upserts follow.
    const delivery = await this.log.createPendingDelivery({
      id,
      eventId: original.eventId,
      subscriptionId: subscription.id,
      eventType: original.eventType,
      webhookId: original.webhookId,
    });
    await this.queue.add(event, subscription.id, jobId);
    return delivery;
  }

  /**
   * The event of a delivery, kept while the delivery is (DeliveryLogRepository.findEvent). A first
   * attempt's row may leave it to the activity stream, which records it a moment after the event
   * was read (the dispatcher's activity group): for a delivery of the last minute it is waited for
   * (awaitRecording), and still missing is a 503 (the activity stream is behind).
   */
  private async deliveredEvent(original: Delivery): Promise<CanonicalEvent> {
    const recent = Date.now() - original.createdAt.getTime() < RECENT_DELIVERY_MS;
    const lookUp = () => this.log.findEvent(original.eventId);
    const event = recent ? await awaitRecording(lookUp) : await lookUp();
    if (event) return event;
    throw recent ? eventNotRecorded(original.id) : noSuchDelivery(original.id);
  }

  /**
   * Sends again every message of the webhook whose latest delivery failed since `since` (at most
   * RECOVERY_WINDOW_DAYS ago; the oldest RECOVERY_LIMIT), each as a redelivery: the messages are
   * chosen now, and a worker queues them in the background. One recovery of a webhook queues at a time.
   */
  async recover(
    account: Account,
    webhookId: string,
    sinceText: string,
    now = new Date(),
  ): Promise<DeliveryRecovery> {
    const subscription = await this.managedSubscription(account, webhookId);
    const since = new Date(sinceText);
    if (since.getTime() > now.getTime()) throw badSince('since must not be in the future');
    const earliest = new Date(now.getTime() - RECOVERY_WINDOW_DAYS * 24 * 3600_000);
    if (since < earliest) {
      throw badSince(
        `since must be within the last ${RECOVERY_WINDOW_DAYS} days (from ${earliest.toISOString()})`,
      );
    }
    if (subscription.inactive) throw inactiveWebhook(webhookId);
    const result = await this.recoveries.start({
      id: randomUUID(),
      subscriptionId: subscription.id,
      since,
      requestedBy: account.id,
      limit: RECOVERY_LIMIT,
      stalledAfterMs: RECOVERY_STALLED_AFTER_MS,
    });
    if ('inProgress' in result) {
      const { id } = result.inProgress;
      throw new ApiError(
        409,
        'RECOVERY_IN_PROGRESS',
        `recovery ${id} of webhook ${webhookId} is still queuing its deliveries; start another once it has`,
        { id },
      );
    }
    const recovery = result.started;
    if (recovery.state === 'queuing') {
      try {
        await this.recoveryQueue.add(recovery.id);
      } catch (error) {
        // Not left queuing with no job to run it, which would hold off the next recovery.
        await this.recoveries.stop(recovery.id, 'it could not be queued');
        throw error;
      }
    }
    return recovery;
  }

  /** A recovery of the webhook, with where its deliveries are. */
  async recovery(account: Account, webhookId: string, recoveryId: string): Promise<DeliveryRecoveryProgress> {
    await this.managedSubscription(account, webhookId);
    const progress = UUID.test(recoveryId) ? await this.recoveries.findProgress(webhookId, recoveryId) : null;
    if (!progress) throw noSuchRecovery(recoveryId);
    return progress;
  }

  /**
   * The log of a subscription is for those who administer it now, as the subscription itself; that
   * of a deleted one (its repository or account deleted) for system admins, until it is pruned.
   * Resolves with the subscription, or null for a deleted one.
   */
  private async readableLog(account: Account, webhookId: string): Promise<Subscription | null> {
    const subscription = await this.subscriptions.findById(webhookId);
    if (!subscription && this.permissions.isSystemAdmin(account)) return null;
    return this.permissions.administered(account, subscription, () => noSuchWebhook(webhookId));
  }

  /** The log of a subscription is for those who administer it now, as the subscription itself. */
  private async managedSubscription(account: Account, webhookId: string): Promise<Subscription> {
    return this.permissions.administered(account, await this.subscriptions.findById(webhookId), () =>
      noSuchWebhook(webhookId),
    );
  }

  private async findDelivery(webhookId: string, deliveryId: string): Promise<Delivery> {
    if (!UUID.test(deliveryId)) throw noSuchDelivery(deliveryId);
    const delivery = await this.log.findDelivery(webhookId, deliveryId);
    if (!delivery) throw noSuchDelivery(deliveryId);
    return delivery;
  }
}
