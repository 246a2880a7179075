import { type Metric, register } from 'prom-client';

/**
 * A counter and a histogram for the worker's per-delivery metrics, exposed exactly as prom-client's
 * Counter and Histogram expose theirs (the same lines in /metrics, checked by the spec), whose
 * `inc` and `observe` on label values bound once with `labels()` are a few number writes:
 * prom-client's validate and hash the labels and turn each bucket bound into a property key on
 * every call, about 4% of a worker's CPU in a fan-out (three calls per delivery).
 */

/** What prom-client's registry reads of a metric: get() as its own classes answer it. */
interface Exposed {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: ExposedValue[];
    aggregator: 'sum';
  }>;
  reset(): void;
}

interface ExposedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricConfig<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * The series of one metric, each under its label values, listed as prom-client lists its own: in
 * the order they were first written since the last reset; a metric without labels always shows.
 */
abstract class BoundMetric<
  L extends string,
  S extends { labels: Record<string, string> },
> implements Exposed {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum' as const;
  readonly name: string;
  readonly help: string;
  private readonly labelNames: readonly L[];
  private readonly series = new Map<string, S>();
  /** Series written since the last reset, in the order of their first write. */
  private shown: S[] = [];

  constructor(config: MetricConfig<L>) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames ?? [];
    register.registerMetric(this as unknown as Metric);
  }

  async get() {
    if (this.labelNames.length === 0) this.written(this.seriesOf([]));
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: this.shown.flatMap((series) => this.export(series)),
      aggregator: this.aggregator,
    };
  }

  reset(): void {
    for (const series of this.shown) this.clear(series);
    this.shown = [];
  }

  /** The series of these label values (in labelNames' order), made on first use. */
  protected seriesOf(values: readonly string[]): S {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
    }
    const key = values.join('\u0000');
    let series = this.series.get(key);
    if (!series) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]));
      series = this.create(labels);
      this.series.set(key, series);
    }
    return series;
  }

  /** Notes a write to `series`: it shows from now on. */
  protected written(series: S & { shown?: boolean }): void {
    if (series.shown) return;
    series.shown = true;
    this.shown.push(series);
  }

  protected abstract create(labels: Record<string, string>): S;
  protected abstract clear(series: S): void;
  protected abstract export(series: S): ExposedValue[];
}

interface CounterSeries {
  labels: Record<string, string>;
  value: number;
  shown?: boolean;
}

/** A counter of whole events (`inc()` adds 1). */
export class BoundCounter<L extends string = string> extends BoundMetric<L, CounterSeries> {
  readonly type = 'counter' as const;

  /** The series of these label values, to count on. */
  labels(...values: string[]): { inc(): void } {
    const series = this.seriesOf(values);
    return {
      inc: () => {
        series.value += 1;
        this.written(series);
      },
    };
  }

  protected create(labels: Record<string, string>): CounterSeries {
    return { labels, value: 0 };
  }

  protected clear(series: CounterSeries): void {
    series.value = 0;
    series.shown = false;
  }

  protected export(series: CounterSeries): ExposedValue[] {
    return [{ value: series.value, labels: series.labels }];
  }
}

interface HistogramSeries {
  labels: Record<string, string>;
  /** Observations per bucket, not cumulative; the last is past the highest bound. */
  counts: number[];
  sum: number;
  count: number;
  shown?: boolean;
}

/** A histogram of values in fixed buckets (`le` each bound, then `+Inf`). */
export class BoundHistogram<L extends string = string> extends BoundMetric<L, HistogramSeries> {
  readonly type = 'histogram' as const;
  private readonly buckets: readonly number[];

  constructor(config: MetricConfig<L> & { buckets: readonly number[] }) {
    super(config);
    this.buckets = [...config.buckets];
  }

  /** The series of these label values, to observe in. */
  labels(...values: string[]): { observe(value: number): void } {
    const series = this.seriesOf(values);
    return { observe: (value) => this.observeIn(series, value) };
  }

  /** For a histogram without labels. */
  observe(value: number): void {
    this.observeIn(this.seriesOf([]), value);
  }

  protected create(labels: Record<string, string>): HistogramSeries {
    return { labels, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }

  protected clear(series: HistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
    series.shown = false;
  }

  protected export(series: HistogramSeries): ExposedValue[] {
    const bucketName = `${this.name}_bucket`;
    let cumulative = 0;
    const values: ExposedValue[] = this.buckets.map((le, i) => {
      cumulative += series.counts[i];
      return { labels: { le, ...series.labels }, value: cumulative, metricName: bucketName };
    });
    values.push(
      { labels: { le: '+Inf', ...series.labels }, value: series.count, metricName: bucketName },
      { labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` },
      { labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` },
    );
    return values;
  }

  private observeIn(series: HistogramSeries, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { buckets } = this;
    let i = 0;
    while (i < buckets.length && value > buckets[i]) i++;
    series.counts[i] += 1;
    series.sum += value;
    series.count += 1;
    this.written(series);
  }
}
