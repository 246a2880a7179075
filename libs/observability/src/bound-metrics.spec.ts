import { Counter, Histogram, Registry, register } from 'prom-client';
import { BoundCounter, BoundHistogram } from './bound-metrics';

/** The same metric as prom-client's own class, on a registry of its own, to compare /metrics lines. */
function reference() {
  const registry = new Registry();
  const buckets = [0.001, 0.01, 0.5, 1];
  return {
    registry,
    buckets,
    counter: new Counter({
      name: 'spec_count_total',
      help: 'c',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    labelled: new Histogram({
      name: 'spec_labelled',
      help: 'h',
      labelNames: ['outcome'],
      buckets,
      registers: [registry],
    }),
    plain: new Histogram({ name: 'spec_plain', help: 'p', buckets, registers: [registry] }),
  };
}

describe('bound metrics', () => {
  const ref = reference();
  const counter = new BoundCounter({ name: 'spec_count_total', help: 'c', labelNames: ['outcome'] });
  const labelled = new BoundHistogram({
    name: 'spec_labelled',
    help: 'h',
    labelNames: ['outcome'],
    buckets: ref.buckets,
  });
  const plain = new BoundHistogram({ name: 'spec_plain', help: 'p', buckets: ref.buckets });

  const lines = async (name: string) => ({
    bound: await register.getSingleMetricAsString(name),
    prom: await ref.registry.getSingleMetricAsString(name),
  });
  const expectSameLines = async () => {
    for (const name of ['spec_count_total', 'spec_labelled', 'spec_plain']) {
      const { bound, prom } = await lines(name);
      expect(bound).toBe(prom);
    }
  };

  it("shows what prom-client's Counter and Histogram show, before and after writes", async () => {
    await expectSameLines();
    const values = [0, 0.001, 0.0010001, 0.3, 1, 1.5, 3600, 0.25];
    const failed = { counter: counter.labels('failed'), histogram: labelled.labels('failed') };
    const delivered = { counter: counter.labels('delivered'), histogram: labelled.labels('delivered') };
    for (const [i, value] of values.entries()) {
      const [bound, outcome] = i % 3 === 0 ? [failed, 'failed'] : [delivered, 'delivered'];
      bound.counter.inc();
      ref.counter.labels(outcome).inc();
      bound.histogram.observe(value);
      ref.labelled.labels(outcome).observe(value);
      plain.observe(value);
      ref.plain.observe(value);
      await expectSameLines();
    }
    expect((await lines('spec_labelled')).bound).toContain(
      'spec_labelled_bucket{le="+Inf",outcome="delivered"} 5',
    );
  });

  it('refuses a value that is not a number, and label values of the wrong count', () => {
    expect(() => plain.observe(NaN)).toThrow(TypeError);
    expect(() => labelled.labels()).toThrow(/takes 1 label values/);
  });

  it('starts again from nothing on reset', async () => {
    counter.reset();
    labelled.reset();
    ref.counter.reset();
    ref.labelled.reset();
    await expectSameLines();
    counter.labels('skipped').inc();
    ref.counter.labels('skipped').inc();
    await expectSameLines();
  });
});
