import { createWebhook, gatewayApi } from '@hookyard/testing';
import type { Bench } from './context';
import { NATIVE_BATCH, type EndToEndResult } from './end-to-end';
import { scaled } from './settings';
import { roundAll } from './statistics';

/** Events of each native-batch run, at full scale. */
const THROUGHPUT_EVENTS = 3_000;
/** The paced runs' rate (events/s, Distribution envelopes), well below either variant's maximum. */
const PACED_RATE = 100;
/** Rounds of each variant, alternated: the machine's speed drifts. */
const ROUNDS = 2;

interface VariantRun {
  throughput: EndToEndResult;
  paced: EndToEndResult;
}

/**
 * BENCH_QUICK=ordered: one subscription, its deliveries queued as usual then ordered (the same
 * webhook, `ordered` switched by the DTR API), alternated for ROUNDS rounds: native batches of
 * 100 as fast as they go (deliveries/s), then envelopes paced at PACED_RATE (accept→receipt
 * latency). Printed with each round's ordered/unordered ratios.
 */
export async function quickOrdered(bench: Bench): Promise<void> {
  const { stack, receiver, endToEnd, log } = bench;
  const webhook = await createWebhook(stack, { key: 'bench/app', endpoint: receiver.url });
  const setOrdered = async (ordered: boolean) => {
    const updated = await gatewayApi(stack, '/api/v0/webhooks/update', {
      method: 'POST',
      body: { webhookID: webhook.id, ordered },
    });
    if (updated.status !== 200) throw new Error(`update webhook: ${updated.status}`);
    await endToEnd.warmUp(1);
  };
  const runVariant = async (ordered: boolean): Promise<VariantRun> => {
    await setOrdered(ordered);
    const name = ordered ? 'ordered' : 'unordered';
    log(`1 subscription, ${name}: native batches of ${NATIVE_BATCH}, max rate`);
    const events = scaled(THROUGHPUT_EVENTS);
    const throughput = await endToEnd.run(events, 1, undefined, { nativeBatch: NATIVE_BATCH });
    log(`1 subscription, ${name}: envelopes at ${PACED_RATE}/s`);
    const paced = await endToEnd.run(scaled(PACED_RATE * 10), 1, PACED_RATE);
    return { throughput: roundAll(throughput), paced: roundAll(paced) };
  };
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const unordered = await runVariant(false);
    const ordered = await runVariant(true);
    rounds.push({
      unordered,
      ordered,
      throughputRatio: round2(
        ordered.throughput.deliveriesPerSecond / unordered.throughput.deliveriesPerSecond,
      ),
      pacedP50Ratio: round2(ordered.paced.p50Ms / unordered.paced.p50Ms),
      pacedP99Ratio: round2(ordered.paced.p99Ms / unordered.paced.p99Ms),
    });
  }
  process.stdout.write(`${JSON.stringify({ rounds }, null, 2)}\n`);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
