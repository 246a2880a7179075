import type { CanonicalEvent } from './canonical-event';

/**
 * `compute` memoized per event object: the deliveries of one fan-out (a batch job) share their
 * event object, so what depends on the event alone is computed once, not once per subscription.
 */
export function oncePerEvent<T>(compute: (event: CanonicalEvent) => T): (event: CanonicalEvent) => T {
  const results = new WeakMap<CanonicalEvent, T>();
  return (event) => {
    if (results.has(event)) return results.get(event)!;
    const result = compute(event);
    results.set(event, result);
    return result;
  };
}
