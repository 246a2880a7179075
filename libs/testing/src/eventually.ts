/**
 * Polls until `check` returns a value (not undefined) or the time is up. `diagnose` adds to the
 * failure what a reader needs to tell why (the tail of a log the condition depends on, say).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  diagnose?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const reason = last ? `: ${(last as Error).message}` : '';
  throw new Error(`condition not met within ${timeoutMs} ms${reason}${diagnose ? `\n${diagnose()}` : ''}`);
}
