import { Counter } from 'prom-client';
import { BoundCounter, BoundHistogram } from './bound-metrics';

/**
 * Hookyard's own Prometheus metrics, one definition each, on prom-client's default registry that
 * /metrics serves. Backlog gauges (stream lag, queued jobs) are read from Redis on scrape by the
 * dispatcher's BacklogMetrics instead, since they need its connections.
 */
export const eventsIngested = new Counter({
  name: 'hookyard_events_ingested_total',
  help: 'Canonical events appended to the event stream (duplicates of an event already accepted excluded)',
  labelNames: ['type', 'source'] as const,
});

/** Written with every delivery: see bound-metrics.ts. */
export const deliveriesCounter = new BoundCounter({
  name: 'hookyard_deliveries_total',
  help: 'Delivery attempts by outcome (delivered, failed, skipped)',
  labelNames: ['outcome'] as const,
});

export const deliveryLatency = new BoundHistogram({
  name: 'hookyard_delivery_latency_seconds',
  help: 'From ingest accepting the event to the receiver answering 2xx, retries included',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
});

export const deliveryRequestDuration = new BoundHistogram({
  name: 'hookyard_delivery_request_duration_seconds',
  help: "One delivery attempt's HTTP request, by outcome",
  labelNames: ['outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const subscriptionsDisabled = new Counter({
  name: 'hookyard_subscriptions_disabled_total',
  help: 'Subscriptions the worker deactivated, by reason (410 Gone, or a run of failed deliveries)',
  labelNames: ['reason'] as const,
});
