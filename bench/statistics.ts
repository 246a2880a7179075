export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** Every number of `values` to one decimal, as results.json shows rates and latencies. */
export function roundAll<T extends Record<string, number | undefined>>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value === undefined ? value : round(value, 1)]),
  ) as T;
}
