import { ALL_APPS } from '@hookyard/testing';
import type { Results } from './results-file';

/** The Markdown table printed at the end of a full run (bench/README.md shows the latest). */
export function table(results: Results): string {
  const e2e = results.endToEnd;
  const activity = results.activityStream;
  const signedPct = (share: number) => `${share >= 0 ? '+' : ''}${Math.round(share * 100)}%`;
  const ceiling = results.ceilingPerSecond;
  const pct = (rate: number) => `${Math.round((rate / ceiling) * 100)}%`;
  // The sub-ceilings and the 1-subscription run are compared with the ceiling run at the start.
  const subPct = (rate: number) => `${Math.round((rate / results.subCeilings.ceilingPerSecond) * 100)}%`;
  const rows: Array<[string, string, string]> = [
    [
      'ceiling: undici.request, 64 keep-alive connections, run before the median fan-out round',
      `${ceiling}/s`,
      '100%',
    ],
    [
      'ceiling at the start (for the sub-ceilings and the 1-subscription run)',
      `${results.subCeilings.ceilingPerSecond}/s`,
      '',
    ],
    [
      'sub-ceiling: got alone',
      `${results.subCeilings.gotPerSecond}/s`,
      subPct(results.subCeilings.gotPerSecond),
    ],
    [
      'sub-ceiling: BullMQ addBulk + no-op worker',
      `${results.subCeilings.bullmqNoOpPerSecond} jobs/s`,
      subPct(results.subCeilings.bullmqNoOpPerSecond),
    ],
    [
      'ingest: Distribution envelopes (1 push each → 2 events)',
      `${results.ingest.distributionEnvelopesPerSecond}/s`,
      '',
    ],
    [
      'ingest: native POST /events, batches of 100',
      `${results.ingest.nativeBatchEventsPerSecond} events/s`,
      '',
    ],
    [
      'end to end, 1 subscription/event, native batches of 100',
      `${e2e.oneSubscriptionNative.deliveriesPerSecond}/s`,
      `${Math.round(e2e.oneSubscriptionNative.ratio * 100)}% (of its rounds' ceiling)`,
    ],
    [
      'end to end, 1 subscription/event, Distribution envelopes (one request per push)',
      `${e2e.oneSubscription.deliveriesPerSecond}/s`,
      `${Math.round(e2e.oneSubscription.ratio * 100)}%`,
    ],
    [
      'end to end, 100 subscriptions/event, undici',
      `${e2e.fanOut100.deliveriesPerSecond}/s`,
      pct(e2e.fanOut100.deliveriesPerSecond),
    ],
    [
      'end to end, 100 subscriptions/event, undici, two workers',
      `${e2e.fanOut100TwoWorkers.deliveriesPerSecond}/s`,
      `${Math.round(e2e.fanOut100TwoWorkers.ratio * 100)}% (of its rounds' ceiling)`,
    ],
    [
      'end to end, 100 subscriptions/event, undici, 2 ingest / 2 dispatchers / 3 workers',
      `${e2e.fanOut100Replicas.deliveriesPerSecond}/s`,
      `${Math.round(e2e.fanOut100Replicas.ratio * 100)}% (of its rounds' ceiling)`,
    ],
    [
      'end to end, 100 subscriptions/event, got',
      `${e2e.gotClient.deliveriesPerSecond}/s`,
      pct(e2e.gotClient.deliveriesPerSecond),
    ],
    [
      'latency accept→receipt at max rate p50/p95/p99',
      `${e2e.oneSubscription.p50Ms} / ${e2e.oneSubscription.p95Ms} / ${e2e.oneSubscription.p99Ms} ms`,
      '',
    ],
    [
      `latency accept→receipt at half rate (${e2e.halfRate.offeredPerSecond}/s) p50/p95/p99`,
      `${e2e.halfRate.p50Ms} / ${e2e.halfRate.p95Ms} / ${e2e.halfRate.p99Ms} ms`,
      '',
    ],
    [
      'peak RSS gateway / ingest / dispatcher / worker',
      `${ALL_APPS.map((app) => results.peakRssMbByApp[app]).join(' / ')} MB`,
      '',
    ],
    [
      'CPU of a raw POST (ceiling run) / CPU of a delivery (fan-out), median of the rounds',
      `${Math.round(results.cpuRatio * 100)}%`,
      '',
    ],
    [
      'CPU ms per delivery, 1 subscription/event, native batches, by process',
      Object.entries(e2e.oneSubscriptionNative.cpuMsPerDelivery)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(', '),
      '',
    ],
    [
      'activity stream, recorder on / off: CPU ms per delivery (1 subscription/event, native, pairs alternated; share added: all pairs, median pair, PostgreSQL + dispatcher + Redis alone), deliveries/s ratio (median pair)',
      `${activity.cpuMsPerDeliveryOn.total} / ${activity.cpuMsPerDeliveryOff.total} (${signedPct(activity.costShare)}, ${signedPct(
        activity.medianPairCostShare,
      )}, ${signedPct(activity.recordingCostShare)}); ${activity.medianThroughputRatio}`,
      '',
    ],
    [
      'CPU ms per delivery, fan-out with undici, by process',
      Object.entries(results.fanOutCpuMsPerDelivery)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(', '),
      '',
    ],
    [
      'PostgreSQL rows per delivery (inserted / updated; by table)',
      `${results.postgresRowsPerDelivery.inserted} / ${results.postgresRowsPerDelivery.updated}; ${Object.entries(
        results.postgresRowsPerDelivery.byTable,
      )
        .map(([table, rows]) => `${table} ${rows}`)
        .join(', ')}`,
      '',
    ],
  ];
  return [
    `Machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), commit ${results.commit}, ${results.redis === 'cluster' ? 'a 3-master Redis Cluster' : 'one Redis'}`,
    '',
    '| measure | result | of ceiling |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
