import type { CanonicalEvent } from '@hookyard/events';
import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryLogWriter, type AttemptRow, type DeliveryRow } from './delivery-log.writer';

const event = { id: 'e1', type: 'TAG_PUSH' } as CanonicalEvent;

const delivery = (id: string): DeliveryRow => ({
  id,
  event,
  subscriptionId: 's1',
  webhookId: `msg_${id}`,
  status: 'succeeded',
  attempts: 1,
  lastResponseStatus: 200,
});

const attempt = (deliveryId: string): AttemptRow => ({
  deliveryId,
  attemptNumber: 1,
  requestHeaders: { 'content-type': 'application/json' },
  requestBody: '{"type":"TAG_PUSH"}',
  responseStatus: 200,
  responseHeaders: {},
  responseBody: 'ok',
  durationMs: 3,
  error: null,
});

/** A DataSource whose transactions record each statement's parameters as sent and keep the array. */
function recordingDataSource(failFirst = false) {
  const statements: Array<{ sql: string; sent: unknown[]; array: unknown[] }> = [];
  let calls = 0;
  const manager = {
    query: (sql: string, params: unknown[]) => {
      statements.push({ sql, sent: [...params], array: params });
      if (failFirst && calls++ === 0) return Promise.reject(new Error('connection terminated'));
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  const dataSource = {
    transaction: (work: (manager: EntityManager) => Promise<void>) => work(manager),
  } as unknown as DataSource;
  return { dataSource, statements };
}

describe('DeliveryLogWriter', () => {
  it('writes the event, the deliveries and the attempts, then lets go of the parameters', async () => {
    const { dataSource, statements } = recordingDataSource();
    const writer = new DeliveryLogWriter(dataSource);
    writer.record(delivery('d1'), attempt('d1'));
    writer.record(delivery('d2'), attempt('d2'));
    await writer.flush();

    expect(statements.map(({ sql }) => /INSERT INTO (\w+)/.exec(sql)![1])).toEqual([
      'delivery_events',
      'deliveries',
      'delivery_attempts',
    ]);
    expect(statements.map(({ sent }) => sent.length)).toEqual([4, 20, 20]);
    expect(statements[2].sent).toContain('{"type":"TAG_PUSH"}');
    // node-postgres keeps finished queries reachable until a full GC: the arrays it was given
    // must not hold the rows' strings any more.
    for (const { array } of statements) expect(array).toEqual([]);
  });

  it('retries a failed write with every row, its parameters rebuilt', async () => {
    const { dataSource, statements } = recordingDataSource(true);
    const writer = new DeliveryLogWriter(dataSource);
    writer.record(delivery('d1'), attempt('d1'));
    await writer.flush();

    expect(statements.map(({ sent }) => sent.length)).toEqual([4, 4, 10, 10]);
    expect(statements[1].sent).toEqual(statements[0].sent);
  });
});
