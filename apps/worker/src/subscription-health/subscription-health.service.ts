import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { subscriptionsDisabled } from '@hookyard/observability';
import { SubscriptionRepository } from '@hookyard/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SubscriptionChangePublisher } from '@hookyard/queue';
import type { DisabledWebhook } from '../operational-events/operational-events.service';

/** lastSuccessfulAt is kept to about this precision. */
const SUCCESS_WRITE_INTERVAL_MS = 1000;

/**
 * A subscription's health: a success resets the failure run; each delivery that failed
 * for good adds one; DELIVERY_DISABLE_AFTER_FAILURES in a row, or a 410 Gone, make it inactive.
 * Any API that re-enables it resets the count.
 */
@Injectable()
export class SubscriptionHealthService {
  private readonly logger = new Logger(SubscriptionHealthService.name);
  /** Subscriptions with a success not yet written. */
  private readonly pendingSuccesses = new Set<string>();
  /** Subscriptions whose failure this worker recorded: their next success is written at once. */
  private readonly failedHere = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly subscriptions: SubscriptionRepository,
    private readonly changes: SubscriptionChangePublisher,
  ) {}

  /**
   * The benchmark showed one UPDATE per delivery, then one per subscription and second (a fan-out
   * rewrites many rows). Successes are written together, once per SUCCESS_WRITE_INTERVAL_MS, and
   * at once after a failure this worker recorded, so the failure run resets. Returns the write
   * when there is one to wait for (a delivery's usual success has none: no promise to await).
   */
  succeeded(subscriptionId: string): Promise<void> | undefined {
    if (this.failedHere.delete(subscriptionId)) {
      this.pendingSuccesses.delete(subscriptionId);
      return this.writeSuccesses([subscriptionId]);
    }
    this.pendingSuccesses.add(subscriptionId);
    this.flushTimer ??= setTimeout(() => void this.flushSuccesses(), SUCCESS_WRITE_INTERVAL_MS).unref();
    return undefined;
  }

  /** Writes the successes not yet written (also on shutdown). */
  async flushSuccesses(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const ids = [...this.pendingSuccesses];
    this.pendingSuccesses.clear();
    if (ids.length === 0) return;
    await this.writeSuccesses(ids).catch((error: Error) =>
      this.logger.warn(`lastSuccessfulAt of ${ids.length} subscriptions not written: ${error.message}`),
    );
  }

  /**
   * A failure that counts (see failureCounting) happened; deactivates the subscription once
   * `disableAfter` are in a row, and then says so (once, whichever worker counted the last one).
   */
  async deliveryFailed(
    subscriptionId: string,
    disableAfter = this.config.delivery.disableAfterFailures,
  ): Promise<DisabledWebhook | undefined> {
    await this.settlePendingSuccess(subscriptionId);
    this.failedHere.add(subscriptionId);
    if (this.failedHere.size > 10_000) this.failedHere.clear();
    const failures = await this.subscriptions.recordFailure(subscriptionId, disableAfter);
    if (!failures?.justDisabled) return undefined;
    subscriptionsDisabled.inc({ reason: 'failures' });
    this.logger.warn(
      `subscription ${subscriptionId} deactivated after ${failures.consecutiveFailures} failed deliveries`,
    );
    await this.changes.changed(subscriptionId);
    return { reason: 'failed-deliveries', consecutiveFailures: failures.consecutiveFailures };
  }

  /** The receiver answered 410 Gone: it wants no more deliveries. Says so when this turned it off. */
  async gone(subscriptionId: string): Promise<DisabledWebhook | undefined> {
    await this.settlePendingSuccess(subscriptionId);
    if (!(await this.subscriptions.deactivate(subscriptionId, 'endpoint-gone'))) return undefined;
    subscriptionsDisabled.inc({ reason: 'gone' });
    this.logger.warn(`subscription ${subscriptionId} deactivated: its endpoint answered 410 Gone`);
    await this.changes.changed(subscriptionId);
    return { reason: 'endpoint-gone' };
  }

  /** A success that came before a failure is written before it, so it cannot reset that failure. */
  private async settlePendingSuccess(subscriptionId: string): Promise<void> {
    if (this.pendingSuccesses.delete(subscriptionId)) await this.writeSuccesses([subscriptionId]);
  }

  private async writeSuccesses(subscriptionIds: string[]): Promise<void> {
    await this.subscriptions.recordSuccesses(subscriptionIds, new Date());
  }
}
