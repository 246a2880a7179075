import { Counter, register } from 'prom-client';

const NAME = 'hookyard_ingest_harbor_events_unmapped_total';

/** Harbor events that map to no canonical event (an SBOM scan, a replication task still running). */
export const unmappedHarborEvents =
  (register.getSingleMetric(NAME) as Counter<'type'> | undefined) ??
  new Counter({
    name: NAME,
    help: 'Harbor webhook events accepted that map to no canonical event, by Harbor type',
    labelNames: ['type'],
  });
