/** Display helpers, kept free of the DOM so they are unit-tested in node. */

/** DTR's zero time means "never". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function formatTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso || iso === ZERO_TIME) return 'never';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 0) return new Date(iso).toLocaleString();
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

/** A body for reading: JSON pretty-printed, anything else as it came. */
export function prettyBody(body: string | null | undefined): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function percent(rate: number | null): string {
  if (rate === null) return '–';
  const value = rate * 100;
  return `${value < 10 && value > 0 ? value.toFixed(1) : Math.round(value)}%`;
}

export const API_NAMES: Record<string, string> = { dtr: 'DTR', quay: 'Quay', alauda: 'Alauda' };

/** A webhook's target in words: its key, or everything. */
export function describeKey(key: string): string {
  return key || 'every repository';
}

/** datetime-local input value (local time, minutes) ↔ ISO time. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An ISO time as a datetime-local input value (the browser's local time, to the minute). */
export function isoToLocalInput(iso: string | Date | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
