import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Async<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads `load()` now and whenever `deps` change; the newest answer wins. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await load();
      if (mine === generation.current) {
        setData(value);
        setError(undefined);
      }
    } catch (caught) {
      if (mine === generation.current) setError(caught as Error);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Calls `tick` every `ms` while `enabled` and the page is visible. */
export function usePolling(tick: () => unknown, ms: number, enabled = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void latest.current();
    }, ms);
    return () => clearInterval(timer);
  }, [ms, enabled]);
}

/** `value`, once it stopped changing for `ms` (typing in a filter field). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Runs an action, remembering whether it runs and how it failed (for buttons and forms). */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = async (...args: A): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      return true;
    } catch (caught) {
      setError(caught as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clearError: () => setError(undefined) };
}

/** A page of a listing, and where the next one starts (its `X-Next-Page-Start`), if any. */
export interface ListingPage<T> {
  items: T[];
  next?: string;
}

/**
 * A listing read a page at a time: the first page whenever `deps` change, further pages appended
 * by `loadMore` (a "Load more" button) until the API has no next page.
 */
export function usePagedListing<T>(load: (pageStart?: string) => Promise<ListingPage<T>>, deps: unknown[]) {
  const [more, setMore] = useState<ListingPage<T>>({ items: [] });
  const first = useAsync(async () => {
    const page = await load();
    setMore({ items: [], next: page.next });
    return page.items;
  }, deps);
  const loadMore = useAction(async () => {
    const page = await load(more.next);
    setMore({ items: [...more.items, ...page.items], next: page.next });
  });
  return { first, items: [...(first.data ?? []), ...more.items], next: more.next, loadMore };
}
