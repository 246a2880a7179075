import type { CanonicalEvent } from '@hookyard/events';
import type { AttemptRow, DeliveryLogRepository, DeliveryRow } from '@hookyard/persistence';
import { Logger } from '@nestjs/common';
import { DeliveryLogWriter } from './delivery-log.writer';

const event = { id: 'e1', type: 'TAG_PUSH' } as CanonicalEvent;

/** With the activity stream off (or kept shorter than the log): every event is carried by a row. */
const CARRYING = { eventLog: { retentionMs: 0, holdsDeliveredEvents: false, pruneAfterMs: 0 } };
const HOLDING = {
  eventLog: { retentionMs: 86_400_000, holdsDeliveredEvents: true, pruneAfterMs: 93_600_000 },
};

const delivery = (id: string, attempts = 1): DeliveryRow => ({
  id,
  event,
  subscriptionId: 's1',
  webhookId: `msg_${id}`,
  status: 'succeeded',
  attempts,
  lastResponseStatus: 200,
});

const attempt = (deliveryId: string, attemptNumber = 1): AttemptRow => ({
  deliveryId,
  attemptNumber,
  requestHeaders: { 'content-type': 'application/json' },
  requestBody: '{"type":"TAG_PUSH"}',
  responseStatus: 200,
  responseHeaders: {},
  responseBody: 'ok',
  durationMs: 3,
  error: null,
});

/**
 * A repository that records each batch it is given (what it writes: delivery-log.repository.spec);
 * the first `failures` batches fail, and `holdNextWrite` keeps the next one in flight until released.
 */
function recordingLog(failures = 0) {
  const batches: Array<{ deliveries: string[]; attempts: string[] }> = [];
  let held: Promise<void> | undefined;
  const holdNextWrite = () => {
    let release!: () => void;
    held = new Promise<void>((resolve) => (release = resolve));
    return release;
  };
  const log = {
    writeBatch: jest.fn(async (deliveries: DeliveryRow[], attempts: AttemptRow[]) => {
      batches.push({
        // d1#2+1: delivery d1 after 2 attempts, with its first attempt in its row.
        deliveries: deliveries.map((row) => `${row.id}#${row.attempts}${row.firstAttempt ? '+1' : ''}`),
        attempts: attempts.map((row) => `${row.deliveryId}#${row.attemptNumber}`),
      });
      for (const row of [...deliveries, ...attempts]) expect(row.at).toEqual(expect.any(String));
      for (const row of deliveries)
        if (row.firstAttempt) expect(row.firstAttempt.at).toEqual(expect.any(String));
      const wait = held;
      held = undefined;
      await wait;
      if (failures-- > 0) throw new Error('connection terminated');
    }),
  };
  return { log: log as unknown as DeliveryLogRepository, batches, holdNextWrite };
}

describe('DeliveryLogWriter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes what was recorded in one batch, first attempts in their rows, a delivery recorded twice as last recorded with its first attempt', async () => {
    const { log, batches } = recordingLog();
    const writer = new DeliveryLogWriter(log, CARRYING);
    writer.record(delivery('d1'), attempt('d1'));
    writer.record(delivery('d2'), attempt('d2'));
    writer.record(delivery('d1', 2), attempt('d1', 2));
    writer.record(delivery('d3', 0));
    await writer.flush();
    expect(batches).toEqual([{ deliveries: ['d1#2+1', 'd2#1+1', 'd3#0'], attempts: ['d1#2'] }]);
    await writer.flush();
    expect(batches).toHaveLength(1);
  });

  it('gathers what is recorded during a write into the next one (group commit)', async () => {
    const { log, batches, holdNextWrite } = recordingLog();
    const writer = new DeliveryLogWriter(log, CARRYING);
    const release = holdNextWrite();
    writer.record(delivery('d1'));
    const first = writer.flush();
    writer.record(delivery('d2'), attempt('d2'));
    writer.record(delivery('d3'), attempt('d3'));
    const second = writer.flush();
    release();
    await Promise.all([first, second]);
    expect(batches).toEqual([
      { deliveries: ['d1#1'], attempts: [] },
      { deliveries: ['d2#1+1', 'd3#1+1'], attempts: [] },
    ]);
  });

  it('retries a failed write once with every row, and logs the rows lost when that fails too', async () => {
    const retried = recordingLog(1);
    const writer = new DeliveryLogWriter(retried.log, CARRYING);
    writer.record(delivery('d1'), attempt('d1'));
    await writer.flush();
    expect(retried.batches).toEqual([
      { deliveries: ['d1#1+1'], attempts: [] },
      { deliveries: ['d1#1+1'], attempts: [] },
    ]);

    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const lost = recordingLog(2);
    const failing = new DeliveryLogWriter(lost.log, CARRYING);
    failing.record(delivery('d1'), attempt('d1'));
    failing.record(delivery('d2', 2), attempt('d2', 2));
    await failing.flush();
    expect(lost.batches).toHaveLength(2);
    expect(errors).toHaveBeenCalledWith(
      'lost 2 delivery log rows (with their first attempts) and 1 later attempt rows: connection terminated',
    );
  });

  it('leaves to the activity stream only the events of first attempts it keeps longer, recently accepted and storable there', async () => {
    const written: DeliveryRow[] = [];
    const log = {
      writeBatch: jest.fn(async (deliveries: DeliveryRow[]) => void written.push(...deliveries)),
    } as unknown as DeliveryLogRepository;
    const now = Date.now();
    const accepted = (id: string, agoMs: number, contents: object = { tag: '1.0' }): CanonicalEvent =>
      ({ id, type: 'TAG_PUSH', contents, acceptedAt: new Date(now - agoMs).toISOString() }) as CanonicalEvent;
    const row = (id: string, of: CanonicalEvent, attempts = 1): DeliveryRow => ({
      ...delivery(id, attempts),
      event: of,
    });
    const holding = new DeliveryLogWriter(log, HOLDING);
    holding.record(row('first', accepted('e-new', 1_000)));
    holding.record(row('pending', accepted('e-new', 1_000), 0));
    holding.record(row('retry', accepted('e-new', 1_000), 2));
    holding.record(row('backlog', accepted('e-old', 31 * 60_000)));
    holding.record(
      row('queued', { id: 'e-test', type: 'TAG_PUSH', contents: {} } as unknown as CanonicalEvent),
    );
    holding.record(row('nul', accepted('e-nul', 1_000, { tag: 'a\0b' })));
    holding.record(row('surrogate-key', accepted('e-key', 1_000, { ['\ud800']: 'x' })));
    holding.record(row('emoji', accepted('e-emoji', 1_000, { tags: ['a', '\u{1F600}'] })));
    await holding.flush();
    const carrying = new DeliveryLogWriter(log, CARRYING);
    carrying.record(row('off', accepted('e-off', 1_000)));
    await carrying.flush();
    expect(Object.fromEntries(written.map((r) => [r.id, r.eventInActivityStream]))).toEqual({
      first: true,
      pending: true,
      retry: false,
      backlog: false,
      queued: false,
      nul: false,
      'surrogate-key': false,
      emoji: true,
      off: false,
    });
  });
});
