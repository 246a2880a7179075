/**
 * How many jobs the worker's BullMQ loop may hold (its concurrency). BullMQ fetches jobs one after
 * another until it holds its concurrency, before it starts any, so at WORKER_CONCURRENCY jobs most
 * of a round's batch jobs were fetched and parsed while their deliveries waited for the delivery
 * slots. The loop may fetch one job more than it holds while the jobs in process hold less than
 * two rounds of the slots' deliveries, and none once they hold more.
 *
 * A job counts from the start of process() until BullMQ has moved it (`moved`: completed, failed,
 * or delayed for a retry), as BullMQ's loop counts it. After a move BullMQ takes the next delayed
 * job's time from the move's reply, which has none unless a job came with it: that wipes the time
 * its blocking wait may just have read from the queue's marker, consuming the marker. The loop
 * must have had room to start its next wait with that time before, or it waits for its drain delay
 * (5 s) and retries come that late. A job whose move fails (its lock lost) is never `moved`: it
 * keeps one more job's room until more than `slots` jobs wait for their move, when the oldest is
 * let go, so such jobs (and their data) are not held for the process's life.
 */
export class JobIntake<Job extends object> {
  /** Deliveries of each job in process(). */
  private readonly inProcess = new Map<Job, number>();
  /** Jobs whose process() ended, until BullMQ moved them. */
  private readonly moving = new Set<Job>();
  private deliveries = 0;

  constructor(private readonly slots: number) {}

  /** process() started a job; the concurrency to set. */
  started(job: Job, deliveries: number): number {
    this.inProcess.set(job, deliveries);
    this.deliveries += deliveries;
    return this.concurrency();
  }

  /**
   * process() ended. `moving` unless BullMQ will not report the job's move: a DelayedError (the
   * job delayed itself; BullMQ then takes the next job from the queue with its times).
   */
  ended(job: Job, moving: boolean): void {
    this.deliveries -= this.inProcess.get(job) ?? 0;
    this.inProcess.delete(job);
    if (!moving) return;
    this.moving.add(job);
    // A Set iterates in insertion order: the first is the longest waiting.
    if (this.moving.size > this.slots) this.moving.delete(this.moving.values().next().value!);
  }

  /** BullMQ moved a job (or failed one before process()); the concurrency to set. */
  moved(job: Job | undefined): number {
    if (job) this.moving.delete(job);
    return this.concurrency();
  }

  concurrency(): number {
    const held = this.inProcess.size + this.moving.size;
    if (this.deliveries >= 2 * this.slots) return Math.max(held, 1);
    return Math.min(held + 1, this.slots);
  }
}
