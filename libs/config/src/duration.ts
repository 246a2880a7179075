const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `250ms`, `5s`, `30m`, `2h`, `5d` (a bare number is milliseconds). Returns NaN when malformed. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return Number.NaN;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}

/** Parses a comma-separated list of durations, e.g. the retry schedule `5s,5m,30m`. */
export function parseDurationList(text: string): number[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map(parseDuration);
}
