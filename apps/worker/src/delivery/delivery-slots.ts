/**
 * Bounds the deliveries one worker has in flight (WORKER_CONCURRENCY), whether they come from
 * single jobs or batch jobs. A delivery waits for a slot before it is signed and sent, so time
 * spent waiting never counts against its request timeout.
 */
export class DeliverySlots {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /**
   * A release function at once when a slot is free (no promise and await per delivery while
   * slots are free), else a promise of one; slots are handed out in request order.
   */
  acquire(): (() => void) | Promise<() => void> {
    if (this.inFlight < this.size) {
      this.inFlight++;
      return this.releaser();
    }
    return new Promise((granted) => this.waiting.push(() => granted(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; otherwise it is free.
      if (next) next();
      else this.inFlight--;
    };
  }
}
