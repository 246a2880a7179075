import { Counter, register } from 'prom-client';

const NAME = 'hookyard_ingest_distribution_blob_events_dropped_total';

/** Blob events are dropped (not subscribable); counted so a misconfigured registry shows up. */
export const droppedBlobEvents =
  (register.getSingleMetric(NAME) as Counter<'action'> | undefined) ??
  new Counter({
    name: NAME,
    help: 'Distribution blob events (push, pull, mount, HEAD checks) received and dropped',
    labelNames: ['action'],
  });
