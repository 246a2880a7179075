import { PermissionService } from '@hookyard/auth';
import type { EventType } from '@hookyard/events';
import { ApiError } from '@hookyard/http';
import {
  Account,
  Delivery,
  DeliveryAttempt,
  DeliveryLogRepository,
  DeliveryStatus,
  Subscription,
  SubscriptionRepository,
} from '@hookyard/persistence';
import { deliveryIdFor, DeliveryQueue, redeliveryJobId } from '@hookyard/queue';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../paging/cursor';

const noSuchWebhook = (id: string) =>
  new ApiError(404, 'NO_SUCH_WEBHOOK', `webhook ${id} does not exist`, { id });
const noSuchDelivery = (id: string) =>
  new ApiError(404, 'NO_SUCH_DELIVERY', `delivery ${id} does not exist for this webhook`, { id });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventType?: EventType;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
}

export interface DeliveryPage {
  deliveries: Delivery[];
  /** Cursor of the next (older) page, when there is one. */
  nextPageStart?: string;
}

/** The delivery log of one subscription (any API's) and manual redelivery, for those who administer it. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly log: DeliveryLogRepository,
    private readonly queue: DeliveryQueue,
    private readonly permissions: PermissionService,
  ) {}

  /** Newest first; the cursor is (createdAt, id) of the last row shown, so pages stay stable while rows arrive. */
  async list(
    account: Account,
    webhookId: string,
    query: DeliveryFilter & { pageSize?: number; pageStart?: string },
  ): Promise<DeliveryPage> {
    await this.managedSubscription(account, webhookId);
    const pageSize = query.pageSize ?? 20;
    const rows = await this.log.listDeliveries(webhookId, {
      status: query.status,
      eventType: query.eventType,
      since: query.since,
      until: query.until,
      before: query.pageStart ? decodeCursor(query.pageStart, UUID) : undefined,
      limit: pageSize + 1,
    });
    const deliveries = rows.slice(0, pageSize);
    const last = deliveries[deliveries.length - 1];
    return {
      deliveries,
      nextPageStart: rows.length > pageSize ? encodeCursor(last) : undefined,
    };
  }

  async get(
    account: Account,
    webhookId: string,
    deliveryId: string,
  ): Promise<{ delivery: Delivery; attempts: DeliveryAttempt[] }> {
    await this.managedSubscription(account, webhookId);
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
    if (subscription.inactive) {
      throw new ApiError(409, 'WEBHOOK_INACTIVE', `webhook ${webhookId} is inactive; re-enable it first`, {
        id: webhookId,
      });
    }
    const original = await this.findDelivery(webhookId, deliveryId);
    // Kept on the log's rows while the delivery is (DeliveryLogRepository.findEvent).
    const event = await this.log.findEvent(original.eventId);
    if (!event) throw noSuchDelivery(deliveryId);
    const jobId = redeliveryJobId(original.eventId, subscription.id, randomUUID());
    // Logged before it is queued, so the new id can be read at once; the worker's upserts follow.
    const delivery = await this.log.createPendingDelivery({
      id: deliveryIdFor(jobId),
      eventId: original.eventId,
      subscriptionId: subscription.id,
      eventType: original.eventType,
      webhookId: original.webhookId,
    });
    await this.queue.add(event, subscription.id, jobId);
    return delivery;
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
