/** "Recover failed since…": the bounds of the time asked for, and a recovery's progress in words. */
import { isoToLocalInput, localInputToIso } from './format';

/**
 * How far back a recovery may reach: the gateway's RECOVERY_WINDOW_DAYS (it refuses more with a
 * 400 naming `since`, which the form shows; this only keeps the browser's picker inside it).
 */
export const RECOVERY_WINDOW_DAYS = 14;
const DAY_MS = 24 * 3600_000;

export type RecoveryStatus = 'queuing' | 'delivering' | 'finished' | 'stopped';

export interface RecoveryStarted {
  id: string;
  queued: number;
  truncated: boolean;
}

export interface RecoveryProgress extends RecoveryStarted {
  webhookID: string;
  since: string;
  createdAt: string;
  status: RecoveryStatus;
  stoppedReason?: string;
  deliveries: Record<'waiting' | 'pending' | 'succeeded' | 'failed' | 'skipped' | 'unsent', number>;
}

/** The picker's bounds (a minute inside the window, so a slow submit is not refused) and its default: a day ago. */
export function recoveryBounds(now = new Date()): { min: string; max: string; initial: string } {
  const earliest = new Date(now.getTime() - RECOVERY_WINDOW_DAYS * DAY_MS + 60_000);
  return {
    min: isoToLocalInput(earliest),
    max: isoToLocalInput(now),
    initial: isoToLocalInput(new Date(now.getTime() - DAY_MS)),
  };
}

/** The `since` to send for a picker value, or why there is none. */
export function recoverySince(
  value: string,
  now = new Date(),
): { since: string; problem?: undefined } | { since?: undefined; problem: string } {
  const since = localInputToIso(value);
  if (!since) return { problem: 'Choose a date and time.' };
  const time = Date.parse(since);
  if (time > now.getTime()) return { problem: 'Choose a time in the past.' };
  if (time < now.getTime() - RECOVERY_WINDOW_DAYS * DAY_MS) {
    return { problem: `Choose a time within the last ${RECOVERY_WINDOW_DAYS} days.` };
  }
  return { since };
}

/** It has nothing more to do: stop polling. */
export const recoverySettled = (status: RecoveryStatus) => status === 'finished' || status === 'stopped';

/** How many of its deliveries have an outcome (for the progress bar). */
export function recoveryDone(progress: RecoveryProgress): number {
  const { succeeded, failed, skipped, unsent } = progress.deliveries;
  return succeeded + failed + skipped + unsent;
}

const STATUS_WORDS: Record<RecoveryStatus, string> = {
  queuing: 'Queuing the deliveries',
  delivering: 'Delivering',
  finished: 'Finished',
  stopped: 'Stopped',
};

/** One line saying where the recovery is. */
export function recoverySummary(progress: RecoveryProgress): string {
  if (progress.queued === 0) return 'Nothing to recover: no delivery failed since then.';
  const { succeeded, failed, pending, waiting, skipped, unsent } = progress.deliveries;
  const parts = [
    `${succeeded} succeeded`,
    failed && `${failed} failed again`,
    pending && `${pending} retrying`,
    waiting && `${waiting} waiting`,
    skipped && `${skipped} skipped`,
    unsent && `${unsent} not sent (their event was pruned)`,
  ].filter(Boolean);
  const reason =
    progress.status === 'stopped' && progress.stoppedReason ? ` (${progress.stoppedReason})` : '';
  return `${STATUS_WORDS[progress.status]}${reason}: ${recoveryDone(progress)} of ${progress.queued} done — ${parts.join(', ')}.`;
}
