import { memoizeByKey } from '@hookyard/util';

/**
 * Counts deliveries in flight per endpoint origin in this worker. A saturated origin gets no
 * more slots: the caller puts the job back (delayed) instead of waiting, so one slow receiver
 * cannot occupy every worker slot.
 */
export class EndpointLimiter {
  private readonly inFlight = new Map<string, number>();
  /** Parsing every delivery's URL showed in the fan-out profile; endpoints repeat. */
  private readonly originOf = memoizeByKey((url) => new URL(url).origin);

  constructor(private readonly perOrigin: number) {}

  /** A release function, or null when `url`'s origin already has `perOrigin` deliveries in flight. */
  tryAcquire(url: string): (() => void) | null {
    const origin = this.originOf(url);
    const current = this.inFlight.get(origin) ?? 0;
    if (current >= this.perOrigin) return null;
    this.inFlight.set(origin, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(origin) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(origin);
      else this.inFlight.set(origin, left);
    };
  }
}

/** How long a delivery waits when its endpoint is saturated in this worker: 250–500 ms, jittered. */
export const saturatedEndpointDelayMs = (random: () => number = Math.random) =>
  250 + Math.round(random() * 250);
