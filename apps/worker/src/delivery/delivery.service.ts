import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  DELIVERY_USER_AGENT,
  DeliveryClient,
  DeliveryError,
  DeliveryResponse,
  DEFAULT_QUAY_CONTEXT,
  failureCounting,
  parseRetryAfterMs,
  renderPayload,
  RETRY_AFTER_STATUSES,
  shouldDeliver,
  signPayload,
  webhookIdFor,
} from '@hookyard/delivery';
import type { CanonicalEvent, QuayDeliveryContext } from '@hookyard/events';
import { DeliveryStatus, Subscription } from '@hookyard/persistence';
import type { DeliveryJobData } from '@hookyard/queue';
import { Inject, Injectable } from '@nestjs/common';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { SubscriptionHealthService } from '../subscription-health/subscription-health.service';
import { DELIVERY_CLIENT } from './delivery-client.provider';
import { DeliverySlots } from './delivery-slots';
import { EndpointLimiter } from './endpoint-limiter';
import { QuayScanThresholds } from './quay-scan-thresholds';
import { SubscriptionCache } from './subscription-cache';

/** Which attempt of which logged delivery a job run is. */
export interface AttemptContext {
  deliveryId: string;
  /** 1-based. */
  number: number;
  /** No retry follows this attempt. */
  last: boolean;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; response: DeliveryResponse }
  /** Worth retrying; `retryAfterMs` from a 429/503 Retry-After; `status` when the receiver answered. */
  | { kind: 'failed'; reason: string; durationMs: number; status?: number; retryAfterMs?: number }
  /** Never worth retrying (410 Gone, payload too large). */
  | { kind: 'rejected'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** The endpoint has DELIVERY_ENDPOINT_CONCURRENCY deliveries in flight here: nothing was sent. */
  | { kind: 'busy' };

/** Renders, signs and sends one attempt, logs it, and keeps the subscription's health. */
@Injectable()
export class DeliveryService {
  private readonly limiter: EndpointLimiter;
  private readonly slots: DeliverySlots;

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @Inject(DELIVERY_CLIENT) private readonly client: DeliveryClient,
    private readonly subscriptionCache: SubscriptionCache,
    private readonly log: DeliveryLogWriter,
    private readonly health: SubscriptionHealthService,
    private readonly quayThresholds: QuayScanThresholds,
  ) {
    this.limiter = new EndpointLimiter(config.delivery.endpointConcurrency);
    this.slots = new DeliverySlots(config.delivery.concurrency);
  }

  async deliver(job: DeliveryJobData, attempt: AttemptContext): Promise<DeliveryOutcome> {
    return this.deliverInSlot(job, attempt, await this.slot());
  }

  /** Waits for one of the worker's WORKER_CONCURRENCY delivery slots; call the result to free it. */
  slot(): Promise<() => void> {
    return this.slots.acquire();
  }

  /** Delivers in a slot already taken with `slot()`, and frees it. */
  async deliverInSlot(
    job: DeliveryJobData,
    attempt: AttemptContext,
    release: () => void,
  ): Promise<DeliveryOutcome> {
    try {
      return await this.attempt(job, attempt);
    } finally {
      release();
    }
  }

  private async attempt(job: DeliveryJobData, attempt: AttemptContext): Promise<DeliveryOutcome> {
    const { event } = job;
    const webhookId = webhookIdFor(event.id, job.subscriptionId);
    const logDelivery = (
      status: DeliveryStatus,
      attempts: number,
      lastResponseStatus: number | null = null,
    ) => ({
      id: attempt.deliveryId,
      event,
      subscriptionId: job.subscriptionId,
      webhookId,
      status,
      attempts,
      lastResponseStatus,
    });

    const subscription = await this.subscriptionCache.get(job.subscriptionId);
    if (!subscription || subscription.inactive) {
      const reason = subscription ? 'subscription inactive' : 'subscription deleted';
      this.log.record(logDelivery('skipped', attempt.number - 1));
      return { kind: 'skipped', reason };
    }
    // Events a subscription's own filter rejects (e.g. Quay's scan threshold) are not deliveries.
    const quayContext = await this.quayContext(subscription, event);
    if (!shouldDeliver(subscription, event, quayContext)) return { kind: 'skipped', reason: 'filtered out' };

    const body = renderPayload(subscription, event, quayContext);
    const headers = {
      'content-type': 'application/json',
      'user-agent': DELIVERY_USER_AGENT,
      ...signPayload(subscription.secret, webhookId, body),
    };
    const bodyBytes = Buffer.byteLength(body);
    if (bodyBytes > this.config.delivery.maxBodyBytes) {
      const reason = `payload of ${bodyBytes} bytes exceeds DELIVERY_MAX_BODY_BYTES (${this.config.delivery.maxBodyBytes})`;
      this.log.record(logDelivery('failed', attempt.number), {
        deliveryId: attempt.deliveryId,
        attemptNumber: attempt.number,
        requestHeaders: headers,
        requestBody: '',
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        durationMs: 0,
        error: reason,
      });
      return { kind: 'rejected', reason };
    }

    const release = this.limiter.tryAcquire(subscription.endpoint);
    if (!release) return { kind: 'busy' };
    let response: DeliveryResponse | undefined;
    let failure: DeliveryError | undefined;
    try {
      response = await this.client.send({
        url: subscription.endpoint,
        headers,
        body,
        timeoutMs: this.config.delivery.timeoutMs,
        tlsCa: subscription.tlsCert || undefined,
        skipTlsVerification: subscription.skipTlsVerification,
      });
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      failure = error;
    } finally {
      release();
    }

    const succeeded = !!response && response.status >= 200 && response.status < 300;
    const gone = response?.status === 410;
    const status: DeliveryStatus = succeeded ? 'succeeded' : gone || attempt.last ? 'failed' : 'pending';
    this.log.record(logDelivery(status, attempt.number, response?.status ?? null), {
      deliveryId: attempt.deliveryId,
      attemptNumber: attempt.number,
      requestHeaders: headers,
      requestBody: body,
      responseStatus: response?.status ?? null,
      responseHeaders: response?.headers ?? null,
      responseBody: response?.body ?? null,
      durationMs: response?.durationMs ?? failure?.durationMs ?? 0,
      error: failure ? `${failure.code}: ${failure.message}` : null,
    });

    if (succeeded) {
      await this.health.succeeded(subscription.id);
      return { kind: 'delivered', response: response! };
    }
    if (gone) {
      await this.health.gone(subscription.id);
      return { kind: 'rejected', reason: 'HTTP 410 Gone: subscription deactivated' };
    }
    const counting = failureCounting(subscription.api, this.config.delivery.disableAfterFailures);
    if (attempt.last || counting.everyAttempt) {
      await this.health.deliveryFailed(subscription.id, counting.disableAfter);
    }
    if (!response) {
      return {
        kind: 'failed',
        reason: `${failure!.code}: ${failure!.message}`,
        durationMs: failure!.durationMs,
      };
    }
    const retryAfterMs = RETRY_AFTER_STATUSES.has(response.status)
      ? parseRetryAfterMs(response.headers['retry-after'])
      : undefined;
    return {
      kind: 'failed',
      reason: `HTTP ${response.status}`,
      durationMs: response.durationMs,
      status: response.status,
      retryAfterMs,
    };
  }

  /** Quay's scan threshold of the notification's repository, read only for scans to Quay notifications. */
  private async quayContext(subscription: Subscription, event: CanonicalEvent): Promise<QuayDeliveryContext> {
    if (subscription.api !== 'quay' || event.type !== 'SCAN_COMPLETED') return DEFAULT_QUAY_CONTEXT;
    const { namespace, repository } = subscription;
    return { scanThreshold: await this.quayThresholds.forRepository(namespace ?? '', repository ?? '') };
  }
}
