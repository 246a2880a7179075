import type { HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import type { Advanced, DeliveryQueue, OrderedSequences, SequenceHead } from '@hookyard/queue';
import type { DeliveryLogWriter } from '../delivery-log/delivery-log.writer';
import type { DeliveryOutcomeReporter } from './delivery-outcome-report';
import type { DeliveryOutcome, DeliveryService } from './delivery.service';
import { ORDERED_IDLE_POLL_MS, ORDERED_POLL_MS, OrderedDeliveryRunner } from './ordered-delivery.runner';

/** A sequence in memory, as OrderedSequences keeps it in Redis, for one lease holder. */
class FakeSequences {
  heads: SequenceHead[] = [];
  postponed: Array<{ dueAt: number; attemptsMade?: number }> = [];
  leased = true;
  released = false;
  lease = jest.fn(async () => this.leased);
  renew = jest.fn(async () => true);
  release = jest.fn(async () => void (this.released = true));
  /** When the postponed sequence is due, if one is; none is due now. */
  nextDue?: number;
  due = jest.fn(async (): Promise<string[]> => []);
  nextDueAt = jest.fn(async () => this.nextDue);
  async advance(_id: string, _token: string, done?: SequenceHead, sending?: SequenceHead): Promise<Advanced> {
    if (done) this.heads = this.heads.filter((head) => head !== done);
    return this.heads.find((head) => head !== sending) ?? 'empty';
  }
  async postpone(_id: string, _token: string, head: SequenceHead, dueAt: number, attemptsMade?: number) {
    this.postponed.push({ dueAt, attemptsMade });
    if (attemptsMade !== undefined) head.attemptsMade = attemptsMade;
    return true;
  }
}

const head = (id: string, attemptsMade = 0): SequenceHead => ({
  member: `p ${id}`,
  event: { id, type: 'TAG_PUSH' } as CanonicalEvent,
  attemptsMade,
});
const delivered = { kind: 'delivered', response: {} } as DeliveryOutcome;
const failed: DeliveryOutcome = { kind: 'failed', reason: 'HTTP 500', durationMs: 1, status: 500 };

describe('OrderedDeliveryRunner', () => {
  let sequences: FakeSequences;
  let outcomes: DeliveryOutcome[];
  let sent: Array<{ eventId: string; number: number; last: boolean }>;
  let runner: OrderedDeliveryRunner;
  const drain = () => (runner as unknown as { drain(id: string): Promise<void> }).drain('sub');

  beforeEach(() => {
    sequences = new FakeSequences();
    outcomes = [];
    sent = [];
    const delivery = {
      deliver: jest.fn(async (job: { event: CanonicalEvent }, attempt: { number: number; last: boolean }) => {
        sent.push({ eventId: job.event.id, number: attempt.number, last: attempt.last });
        return outcomes.shift() ?? delivered;
      }),
    };
    const deliveries = { attempts: 3, retryDelayMs: jest.fn(() => 1000) };
    runner = new OrderedDeliveryRunner(
      sequences as unknown as OrderedSequences,
      delivery as unknown as DeliveryService,
      { report: jest.fn() } as unknown as DeliveryOutcomeReporter,
      { flush: jest.fn(async () => undefined) } as unknown as DeliveryLogWriter,
      deliveries as unknown as DeliveryQueue,
      { delivery: { concurrency: 4, lockDurationMs: 30_000 } } as HookyardConfig,
    );
    (runner as unknown as { running: boolean }).running = true;
  });

  it('sends the sequence in order, then gives the lease back', async () => {
    sequences.heads = [head('e1'), head('e2'), head('e3')];
    await drain();
    expect(sent.map((s) => s.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect(sequences.heads).toEqual([]);
    expect(sequences.released).toBe(true);
  });

  it('stops at a failed attempt with attempts left: the sequence waits for its retry, nothing overtakes it', async () => {
    sequences.heads = [head('e1'), head('e2')];
    outcomes = [delivered, failed];
    const before = Date.now();
    await drain();
    expect(sent.map((s) => s.eventId)).toEqual(['e1', 'e2']);
    expect(sequences.heads.map((h) => h.event.id)).toEqual(['e2']);
    expect(sequences.postponed).toEqual([{ dueAt: expect.any(Number), attemptsMade: 1 }]);
    expect(sequences.postponed[0].dueAt).toBeGreaterThanOrEqual(before + 1000);
    // The next drain retries it as attempt 2, and goes on once it is through.
    await drain();
    expect(sent.slice(2)).toEqual([{ eventId: 'e2', number: 2, last: false }]);
    expect(sequences.heads).toEqual([]);
  });

  it('moves on past a delivery whose last attempt failed (exhausted)', async () => {
    sequences.heads = [head('e1', 2), head('e2')];
    outcomes = [failed];
    await drain();
    expect(sent).toEqual([
      { eventId: 'e1', number: 3, last: true },
      { eventId: 'e2', number: 1, last: false },
    ]);
    expect(sequences.postponed).toEqual([]);
  });

  it('waits without counting an attempt when the subscription is at its rate or its endpoint busy', async () => {
    sequences.heads = [head('e1')];
    outcomes = [{ kind: 'busy', delayMs: 40 }];
    await drain();
    expect(sequences.postponed).toEqual([{ dueAt: expect.any(Number), attemptsMade: undefined }]);
    expect(sequences.heads[0].attemptsMade).toBe(0);
  });

  it('sends nothing without the lease', async () => {
    sequences.heads = [head('e1')];
    sequences.leased = false;
    await drain();
    expect(sent).toEqual([]);
    expect(sequences.release).not.toHaveBeenCalled();
  });

  describe('looking for due sequences', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(async () => {
      const stopping = runner.beforeApplicationShutdown();
      await jest.runOnlyPendingTimersAsync();
      await stopping;
      jest.useRealTimers();
    });

    it('waits with nothing due until woken (a dispatcher appended), not polling', async () => {
      runner.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(ORDERED_IDLE_POLL_MS - 1);
      expect(sequences.due).toHaveBeenCalledTimes(1);
      runner.wake();
      await jest.advanceTimersByTimeAsync(0);
      expect(sequences.due).toHaveBeenCalledTimes(2);
      // A lost message only delays it: it looks again after ORDERED_IDLE_POLL_MS.
      await jest.advanceTimersByTimeAsync(ORDERED_IDLE_POLL_MS);
      expect(sequences.due).toHaveBeenCalledTimes(3);
    });

    it('looks again when the earliest postponed sequence is due', async () => {
      sequences.nextDue = Date.now() + 300;
      runner.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(299);
      expect(sequences.due).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(sequences.due).toHaveBeenCalledTimes(2);
    });

    it('polls every ORDERED_POLL_MS while sequences are due', async () => {
      sequences.leased = false;
      sequences.due.mockResolvedValue(['sub']);
      runner.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(3 * ORDERED_POLL_MS);
      expect(sequences.due).toHaveBeenCalledTimes(4);
      expect(sequences.nextDueAt).not.toHaveBeenCalled();
    });

    it('a wake-up while the due set is read is not lost', async () => {
      sequences.due.mockImplementationOnce(async () => {
        runner.wake();
        return [];
      });
      runner.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(0);
      expect(sequences.due).toHaveBeenCalledTimes(2);
    });
  });
});
