import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { deliveryIdFor, deliveryJobId, DeliveryQueue, OrderedSequences, SequenceHead } from '@hookyard/queue';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import { DeliveryOutcomeReporter } from './delivery-outcome-report';
import { DeliveryOutcome, DeliveryService } from './delivery.service';
import { saturatedEndpointDelayMs } from './endpoint-limiter';

/** How often a worker looks for ordered subscriptions with deliveries due while some are. */
export const ORDERED_POLL_MS = 50;
/**
 * How long a worker with no ordered delivery due waits, at most, before it looks again: it is
 * woken at once by ORDERED_DELIVERIES_APPENDED and at the time the earliest postponed sequence is
 * due, so this only bounds the wait when a message is lost (a reconnecting subscriber).
 */
export const ORDERED_IDLE_POLL_MS = 5_000;

/**
 * Drains the sequences of ordered subscriptions (OrderedSequences): for each subscription due, the
 * worker that takes its lease sends the head, writes its log, and moves on to the next only once
 * the head is delivered (or skipped, or rejected, or failed its last attempt). A failed attempt
 * with attempts left puts the whole sequence off until its retry, so nothing overtakes it. The
 * attempts, the retry schedule and the log rows are those of any delivery (same delivery id and
 * webhook-id as a job of the pair would have). Deliveries of other subscriptions never come here.
 * Looking for due sequences costs one Redis read per ORDERED_POLL_MS only while some are due or
 * drained; otherwise the worker waits for a message or the next one's due time.
 */
@Injectable()
export class OrderedDeliveryRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderedDeliveryRunner.name);
  /** Subscriptions this worker drains now, and their drains. */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly maxDrains: number;
  private readonly leaseMs: number;
  private running = false;
  private polling?: Promise<void>;
  /** A wake-up came since the last look at the due set. */
  private woken = false;
  /** Ends the idle wait at once. */
  private endWait?: () => void;

  constructor(
    private readonly sequences: OrderedSequences,
    private readonly delivery: DeliveryService,
    private readonly outcomes: DeliveryOutcomeReporter,
    private readonly log: DeliveryLogWriter,
    private readonly deliveries: DeliveryQueue,
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
  ) {
    this.maxDrains = config.delivery.concurrency;
    // As long as a job's lock: a worker that died gives its sequences up as it gives up its jobs.
    this.leaseMs = config.delivery.lockDurationMs;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.polling = this.poll();
  }

  /** SIGTERM: take no more; each drain finishes the delivery it is sending, then gives its lease back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.polling;
    await Promise.all(this.draining.values());
  }

  /** Deliveries of ordered subscriptions were appended (ORDERED_DELIVERIES_APPENDED): look now. */
  wake(): void {
    this.woken = true;
    this.endWait?.();
  }

  private async poll(): Promise<void> {
    while (this.running) {
      let waitMs = ORDERED_POLL_MS;
      try {
        this.woken = false;
        const room = this.maxDrains - this.draining.size;
        const due = room > 0 ? await this.sequences.due(Date.now(), this.maxDrains) : [];
        if (due.length === 0 && this.draining.size === 0) waitMs = await this.idleWaitMs();
        for (const subscriptionId of due) {
          if (this.draining.size >= this.maxDrains || !this.running) break;
          if (this.draining.has(subscriptionId)) continue;
          const drain = this.drain(subscriptionId)
            .catch((error: Error) =>
              this.logger.error({ subscriptionId, error: error.message }, 'ordered deliveries stopped'),
            )
            .finally(() => this.draining.delete(subscriptionId));
          this.draining.set(subscriptionId, drain);
        }
      } catch (error) {
        this.logger.warn(`ordered deliveries: ${(error as Error).message}`);
      }
      await this.wait(waitMs);
    }
  }

  /** Nothing due and nothing drained here: until the earliest postponed sequence is due, at most ORDERED_IDLE_POLL_MS. */
  private async idleWaitMs(): Promise<number> {
    const nextDueAt = await this.sequences.nextDueAt();
    if (nextDueAt === undefined) return ORDERED_IDLE_POLL_MS;
    return Math.min(ORDERED_IDLE_POLL_MS, Math.max(ORDERED_POLL_MS, nextDueAt - Date.now()));
  }

  /** Waits `ms`, or less when woken (also by a wake-up that came while the due set was read). */
  private wait(ms: number): Promise<void> {
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endWait?.(), ms);
      this.endWait = () => {
        clearTimeout(timer);
        this.endWait = undefined;
        resolve();
      };
    });
  }

  /**
   * Sends the subscription's deliveries in order while it holds the lease and nothing holds them
   * back. A delivery leaves the sequence once its log is written (as a job leaves the queue); the
   * next one is sent meanwhile, so the log write and the next request overlap. A worker that dies
   * then leaves both in the sequence, and they are sent again, in order.
   */
  private async drain(subscriptionId: string): Promise<void> {
    const token = randomUUID();
    if (!(await this.sequences.lease(subscriptionId, token, this.leaseMs))) return;
    let held = true;
    const renewal = setInterval(() => {
      this.sequences
        .renew(subscriptionId, token, this.leaseMs)
        .then((renewed) => (held &&= renewed))
        .catch((error: Error) => this.logger.warn(`ordered lease not renewed: ${error.message}`));
    }, this.leaseMs / 3);
    /** The delivery sent before `head`, done with, until its log is written and it leaves the sequence. */
    let sent: { head: SequenceHead; logged: Promise<void> } | undefined;
    try {
      let head = await this.sequences.advance(subscriptionId, token);
      for (;;) {
        if (typeof head !== 'object' || !held || !this.running) {
          if (!sent) return;
          // Nothing to overlap with: let the last one leave, then see whether more came.
          await sent.logged;
          head = await this.sequences.advance(subscriptionId, token, sent.head);
          sent = undefined;
          if (!held || !this.running) return;
          continue;
        }
        const wait = await this.deliverHead(subscriptionId, head);
        const logged = this.log.flush();
        // One step: the delivery before this one leaves (its log is written by now, or soon), and
        // the one after this one is read.
        if (sent) await sent.logged;
        const next = await this.sequences.advance(subscriptionId, token, sent?.head, head);
        sent = undefined;
        if (wait) {
          await logged;
          await this.sequences.postpone(subscriptionId, token, head, wait.dueAt, wait.attemptsMade);
          return;
        }
        sent = { head, logged };
        head = next;
      }
    } finally {
      clearInterval(renewal);
      await this.sequences.release(subscriptionId, token);
    }
  }

  /**
   * One attempt of the head. Undefined when it is done with (delivered, skipped, refused, or its
   * last attempt failed): the next may go. Otherwise when the sequence may go on (the head's retry,
   * or its turn under the rate limit) and, after a failed attempt, the attempts made.
   */
  private async deliverHead(
    subscriptionId: string,
    head: SequenceHead,
  ): Promise<{ dueAt: number; attemptsMade?: number } | undefined> {
    const { event, attemptsMade } = head;
    const job = { event, subscriptionId };
    const jobId = deliveryJobId(event.id, subscriptionId);
    const deliveryId = deliveryIdFor(jobId);
    const attempt = attemptsMade + 1;
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliver(job, {
        deliveryId,
        number: attempt,
        last: attempt >= this.deliveries.attempts,
      });
    } catch (error) {
      // Not an attempt outcome (e.g. PostgreSQL unreachable): the same attempt again later.
      this.logger.error(
        { eventId: event.id, deliveryId, subscriptionId, error: (error as Error).message },
        'ordered delivery failed',
      );
      return { dueAt: Date.now() + this.deliveries.retryDelayMs(undefined, 1) };
    }
    this.outcomes.report({ eventId: event.id, deliveryId, jobId, subscriptionId, attempt }, event, outcome);
    if (outcome.kind === 'busy')
      return { dueAt: Date.now() + (outcome.delayMs ?? saturatedEndpointDelayMs()) };
    if (outcome.kind === 'failed' && attempt < this.deliveries.attempts) {
      const delayMs = this.deliveries.retryDelayMs(undefined, attempt, outcome.retryAfterMs);
      return { dueAt: Date.now() + delayMs, attemptsMade: attempt };
    }
    return undefined;
  }
}
