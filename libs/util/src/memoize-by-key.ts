/**
 * `compute` memoized by its string key, for per-delivery work whose inputs repeat (addresses,
 * endpoint URLs, secrets). The cache starts over when it holds `limit` entries, so it stays bounded.
 */
export function memoizeByKey<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const result = compute(key);
    if (results.size >= limit) results.clear();
    results.set(key, result);
    return result;
  };
}
