/** `items` in order, split into arrays of at most `size` (batch jobs of subscriptions, rows per statement). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
