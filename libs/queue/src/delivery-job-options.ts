import type { JobsOptions } from 'bullmq';

/** Name of the BullMQ backoff strategy the worker implements from the retry schedule. */
export const DELIVERY_BACKOFF = 'delivery-schedule';

/** Options of every delivery job: retried per the schedule; finished jobs leave Redis (the log is in PostgreSQL). */
export function deliveryJobOptions(attempts: number, jobId: string): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: DELIVERY_BACKOFF },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
