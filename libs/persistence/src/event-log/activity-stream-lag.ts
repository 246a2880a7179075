import { setTimeout as sleep } from 'node:timers/promises';

/*
 * The activity stream records an event a moment after the dispatcher read it (its own consumer
 * group, reads a quarter second apart), and a first attempt's delivery row may leave its event to
 * it (DeliveryLogWriter): right after such a delivery, its event can be missing for that moment.
 */

/** A delivery this young (or a recovery started this soon) may find its event not recorded yet. */
export const RECENT_DELIVERY_MS = 60_000;
const EVENT_RECORDING_WAIT_MS = 5_000;
const EVENT_RECORDING_POLL_MS = 100;

/**
 * Calls `lookUp` until it finds what it looks for (anything but undefined or null) or
 * EVENT_RECORDING_WAIT_MS has passed; resolves with its last answer.
 */
export async function awaitRecording<T>(
  lookUp: () => Promise<T | null | undefined>,
): Promise<T | null | undefined> {
  const deadline = Date.now() + EVENT_RECORDING_WAIT_MS;
  for (;;) {
    const found = await lookUp();
    if ((found !== undefined && found !== null) || Date.now() >= deadline) return found;
    await sleep(EVENT_RECORDING_POLL_MS);
  }
}
