import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  DeliveryClient,
  DeliveryError,
  DeliveryResponse,
  DEFAULT_QUAY_CONTEXT,
  prepareDelivery,
  PreparedDelivery,
  shouldDeliver,
  webhookIdFor,
} from '@hookyard/delivery';
import type { CanonicalEvent, QuayDeliveryContext } from '@hookyard/events';
import { DeliveryRow, DeliveryStatus, Subscription } from '@hookyard/persistence';
import {
  type DeliveryJobData,
  failureCounting,
  parseRetryAfterMs,
  rateLimitedDelayMs,
  RETRY_AFTER_STATUSES,
  SubscriptionRateLimiter,
} from '@hookyard/queue';
import { Inject, Injectable } from '@nestjs/common';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { OperationalEvents } from '../operational-events/operational-events.service';
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
  /** Never worth retrying (410 Gone, payload too large, static headers that cannot be opened). */
  | { kind: 'rejected'; reason: string }
  | { kind: 'skipped'; reason: string }
  /**
   * Nothing was sent and no attempt is counted: the endpoint has DELIVERY_ENDPOINT_CONCURRENCY
   * deliveries in flight here, or the subscription is at its rate limit (then `delayMs` says when
   * to ask again).
   */
  | { kind: 'busy'; delayMs?: number };

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
    private readonly operational: OperationalEvents,
    private readonly rateLimiter: SubscriptionRateLimiter,
  ) {
    this.limiter = new EndpointLimiter(config.delivery.endpointConcurrency);
    this.slots = new DeliverySlots(config.delivery.concurrency);
  }

  async deliver(job: DeliveryJobData, attempt: AttemptContext): Promise<DeliveryOutcome> {
    return this.deliverInSlot(job, attempt, await this.slot());
  }

  /**
   * One of the worker's WORKER_CONCURRENCY delivery slots, at once or once one is free (see
   * DeliverySlots.acquire); call the release function to free it.
   */
  slot(): (() => void) | Promise<() => void> {
    return this.slots.acquire();
  }

  /**
   * Delivers in a slot already taken with `slot()`, and frees it once the attempt settled (before
   * the caller goes on). Not an async wrapper: one promise fewer per delivery.
   */
  deliverInSlot(
    job: DeliveryJobData,
    attempt: AttemptContext,
    release: () => void,
  ): Promise<DeliveryOutcome> {
    const outcome = this.attempt(job, attempt);
    outcome.then(release, release);
    return outcome;
  }

  /** One attempt: look the subscription up, prepare the request, send it, log it, keep the subscription's health. */
  private async attempt(job: DeliveryJobData, attempt: AttemptContext): Promise<DeliveryOutcome> {
    const { event } = job;
    const webhookId = webhookIdFor(event.id, job.subscriptionId);
    const subscription = await this.subscriptionCache.get(job.subscriptionId);
    if (!subscription || subscription.inactive) {
      this.log.record(this.deliveryRow(job, attempt, webhookId, 'skipped', attempt.number - 1));
      return { kind: 'skipped', reason: subscription ? 'subscription inactive' : 'subscription deleted' };
    }
    // Events a subscription's own filter rejects (e.g. Quay's minimum severity) are not deliveries.
    // Only Quay's scan notifications depend on more than the event (their repository's threshold).
    const quayContext =
      subscription.api === 'quay' && event.type === 'SCAN_COMPLETED'
        ? await this.quayContext(subscription)
        : DEFAULT_QUAY_CONTEXT;
    if (!shouldDeliver(subscription, event, quayContext)) return { kind: 'skipped', reason: 'filtered out' };

    const request = prepareDelivery(
      subscription,
      event,
      webhookId,
      this.config.delivery.timeoutMs,
      quayContext,
    );
    // Without its static headers (e.g. an Authorization the receiver checks) a delivery is not sent.
    if (subscription.staticHeadersError) {
      return this.refuse(subscription, job, attempt, webhookId, request, subscription.staticHeadersError);
    }
    const bodyBytes = Buffer.byteLength(request.body);
    if (bodyBytes > this.config.delivery.maxBodyBytes) {
      const reason = `payload of ${bodyBytes} bytes exceeds DELIVERY_MAX_BODY_BYTES (${this.config.delivery.maxBodyBytes})`;
      return this.refuse(subscription, job, attempt, webhookId, request, reason);
    }

    const { rateLimit } = subscription.options;
    if (rateLimit) {
      const waitMs = await this.rateLimiter.admit(subscription.id, rateLimit);
      if (waitMs > 0) return { kind: 'busy', delayMs: rateLimitedDelayMs(waitMs, rateLimit) };
    }
    const release = this.limiter.tryAcquire(subscription.endpoint);
    if (!release) return { kind: 'busy' };
    let response: DeliveryResponse | undefined;
    let failure: DeliveryError | undefined;
    try {
      response = await this.client.send(request);
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      failure = error;
    } finally {
      release();
    }

    const outcome = outcomeOf(response, failure);
    this.logAttempt(job, attempt, webhookId, request, outcome, response, failure);
    // Awaited only when it writes (a success is usually just noted).
    const health = this.keepHealth(subscription, outcome, attempt.last, event);
    if (health) await health;
    if (outcome.kind === 'failed') {
      await this.operational.deliveryFailed(subscription, {
        event,
        deliveryId: attempt.deliveryId,
        webhookId,
        attempt: attempt.number,
        last: attempt.last,
        lastResponseStatus: outcome.status,
        error: outcome.reason,
      });
    }
    return outcome;
  }

  /**
   * A delivery that could never be sent as asked (a payload over DELIVERY_MAX_BODY_BYTES, static
   * headers that cannot be opened) is not sent; the attempt is logged as failed, unretried, and
   * the delivery is exhausted.
   */
  private async refuse(
    subscription: Subscription,
    job: DeliveryJobData,
    attempt: AttemptContext,
    webhookId: string,
    request: PreparedDelivery,
    reason: string,
  ): Promise<DeliveryOutcome> {
    this.log.record(this.deliveryRow(job, attempt, webhookId, 'failed', attempt.number), {
      deliveryId: attempt.deliveryId,
      attemptNumber: attempt.number,
      requestHeaders: request.loggedHeaders,
      requestBody: '',
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
      durationMs: 0,
      error: reason,
    });
    await this.operational.deliveryFailed(subscription, {
      event: job.event,
      deliveryId: attempt.deliveryId,
      webhookId,
      attempt: attempt.number,
      last: true,
      error: reason,
    });
    return { kind: 'rejected', reason };
  }

  /** What was sent and received, under the delivery's status after this attempt. */
  private logAttempt(
    job: DeliveryJobData,
    attempt: AttemptContext,
    webhookId: string,
    request: PreparedDelivery,
    outcome: DeliveryOutcome,
    response: DeliveryResponse | undefined,
    failure: DeliveryError | undefined,
  ): void {
    const status: DeliveryStatus =
      outcome.kind === 'delivered'
        ? 'succeeded'
        : outcome.kind === 'rejected' || attempt.last
          ? 'failed'
          : 'pending';
    const responseStatus = response?.status ?? null;
    this.log.record(this.deliveryRow(job, attempt, webhookId, status, attempt.number, responseStatus), {
      deliveryId: attempt.deliveryId,
      attemptNumber: attempt.number,
      requestHeaders: request.loggedHeaders,
      requestBody: request.body,
      responseStatus,
      responseHeaders: response?.headers ?? null,
      responseBody: response?.body ?? null,
      durationMs: response?.durationMs ?? failure?.durationMs ?? 0,
      error: failure ? `${failure.code}: ${failure.message}` : null,
    });
  }

  private deliveryRow(
    job: DeliveryJobData,
    attempt: AttemptContext,
    webhookId: string,
    status: DeliveryStatus,
    attempts: number,
    lastResponseStatus: number | null = null,
  ): DeliveryRow {
    return {
      id: attempt.deliveryId,
      event: job.event,
      subscriptionId: job.subscriptionId,
      webhookId,
      status,
      attempts,
      lastResponseStatus,
    };
  }

  /**
   * After a sent attempt: 2xx counts as a success, 410 Gone (the one rejection of a response)
   * deactivates, and a failure counts as failureCounting says (a failed last attempt; every failed
   * attempt for Quay). A webhook this turned off raises WEBHOOK_DISABLED.
   */
  private keepHealth(
    subscription: Subscription,
    outcome: DeliveryOutcome,
    last: boolean,
    cause: CanonicalEvent,
  ): Promise<void> | undefined {
    if (outcome.kind === 'delivered') return this.health.succeeded(subscription.id);
    return this.keepHealthAfterFailure(subscription, outcome, last, cause);
  }

  private async keepHealthAfterFailure(
    subscription: Subscription,
    outcome: DeliveryOutcome,
    last: boolean,
    cause: CanonicalEvent,
  ): Promise<void> {
    let disabled;
    if (outcome.kind === 'rejected') disabled = await this.health.gone(subscription.id);
    else {
      const counting = failureCounting(subscription.api, this.config.delivery.disableAfterFailures);
      if (last || counting.everyAttempt)
        disabled = await this.health.deliveryFailed(subscription.id, counting.disableAfter);
    }
    if (disabled) await this.operational.webhookDisabled(subscription, disabled, cause);
  }

  /** Quay's scan threshold of the notification's repository, for scans to Quay notifications. */
  private async quayContext(subscription: Subscription): Promise<QuayDeliveryContext> {
    const { namespace, repository } = subscription;
    return { scanThreshold: await this.quayThresholds.forRepository(namespace ?? '', repository ?? '') };
  }
}

/** A response or a connection failure as the outcome of a sent attempt. */
function outcomeOf(
  response: DeliveryResponse | undefined,
  failure: DeliveryError | undefined,
): DeliveryOutcome {
  if (!response) {
    return {
      kind: 'failed',
      reason: `${failure!.code}: ${failure!.message}`,
      durationMs: failure!.durationMs,
    };
  }
  if (response.status >= 200 && response.status < 300) return { kind: 'delivered', response };
  if (response.status === 410) return { kind: 'rejected', reason: 'HTTP 410 Gone: subscription deactivated' };
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
