import type { CanonicalEvent } from '@hookyard/events';
import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import {
  AttemptRow,
  contentRefusal,
  DeliveryLogFilter,
  DeliveryLogRepository,
  DeliveryRow,
  Recorded,
} from './delivery-log.repository';
import type { Delivery } from './delivery.entity';
import { EventLogRepository } from '../event-log/event-log.repository';
import type { Listing } from '../listing/listing';

const eventOf = (id: string): CanonicalEvent => ({
  id,
  type: 'TAG_PUSH',
  occurredAt: '2030-01-01T00:00:00.000Z',
  source: 'distribution',
  namespace: 'acme',
  repository: 'api',
  contents: { namespace: 'acme', repository: 'api', tag: '1.0' },
  dedupKey: id,
});

const deliveryOf = (
  event: CanonicalEvent,
  at: string,
  fields: Partial<DeliveryRow> = {},
): Recorded<DeliveryRow> => ({
  id: randomUUID(),
  event,
  subscriptionId: 's1',
  webhookId: `msg_${event.id}`,
  status: 'succeeded',
  attempts: 1,
  lastResponseStatus: 200,
  ...fields,
  at,
});

const attemptOf = (
  delivery: { id: string },
  at: string,
  fields: Partial<AttemptRow> = {},
): Recorded<AttemptRow> => ({
  deliveryId: delivery.id,
  attemptNumber: 1,
  requestHeaders: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
  requestBody: '{"type":"TAG_PUSH"}',
  responseStatus: 200,
  responseHeaders: { server: 'receiver' },
  responseBody: 'ok',
  durationMs: 3.4,
  error: null,
  ...fields,
  at,
});

/** The delivery log's SQL against the real PostgreSQL with the migrations' schema. */
/** The ids of one page of `listing`. */
async function ids(listing: Listing<Delivery>, size: number, start?: string): Promise<string[]> {
  return (await listing.page({ size, start })).items.map((delivery) => delivery.id);
}

describe('DeliveryLogRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let log: DeliveryLogRepository;

  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    log = new DeliveryLogRepository(dataSource);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await database?.drop();
  });

  /** The statements sent, by their first words: `INSERT INTO <table>` or `COPY <table>`. */
  const spyStatements = () => {
    const query = jest.spyOn(Client.prototype, 'query');
    return () =>
      query.mock.calls.flatMap(([statement]) => {
        const text = typeof statement === 'string' ? statement : (statement as { text?: string }).text;
        const match = /^(INSERT INTO|COPY) (\w+)/.exec(text ?? '');
        return match ? [`${match[1]} ${match[2]}`] : [];
      });
  };

  it('leaves an event to the activity stream when every row of it has it there, and finds it there', async () => {
    const at = '2030-01-01T00:00:02.000Z';
    const acceptedAt = '2030-01-01T00:00:01.500Z';
    const left = { ...eventOf('left-event'), acceptedAt };
    const mixed = { ...eventOf('mixed-event'), acceptedAt };
    const deliveries = [
      deliveryOf(left, at, { eventInActivityStream: true }),
      deliveryOf(left, at, { eventInActivityStream: true }),
      deliveryOf(mixed, at, { eventInActivityStream: true }),
      deliveryOf(mixed, at),
    ];
    await log.writeBatch(deliveries, []);
    expect(
      await dataSource.query(
        `SELECT event_id, count(*)::int AS n FROM deliveries
          WHERE event_id IN ('left-event', 'mixed-event') AND event IS NOT NULL GROUP BY event_id`,
      ),
    ).toEqual([{ event_id: 'mixed-event', n: 1 }]);
    // Not recorded yet (the activity stream records it a moment later): not found.
    expect(await log.findEvent('left-event')).toBeNull();

    const { dedupKey: _ingestOnly, ...recorded } = left;
    await new EventLogRepository(dataSource).record([JSON.stringify(left)], at);
    expect(await log.findEvent('left-event')).toEqual(recorded);
    expect(await log.findEvent('mixed-event')).toEqual(mixed);
    const found = await log.findEvents(['left-event', 'mixed-event', 'never-delivered']);
    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual([recorded, mixed]);
  });

  it('writes a batch of first attempts with one COPY, one row per delivery with its attempt, the event on one of them', async () => {
    const statements = spyStatements();
    const at = '2030-01-01T00:00:01.000Z';
    const event = eventOf('batch-event');
    const deliveries = [
      deliveryOf(event, at),
      deliveryOf(event, at, { status: 'pending', lastResponseStatus: 503 }),
    ];
    deliveries[0].firstAttempt = attemptOf(deliveries[0], at);
    deliveries[1].firstAttempt = attemptOf(deliveries[1], at, { responseStatus: 503 });
    const rowsBefore = await count('deliveries');
    await log.writeBatch(deliveries, []);

    expect(statements()).toEqual(['COPY deliveries']);
    expect(await count('deliveries')).toBe(rowsBefore + 2);
    expect(
      await dataSource.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1 AND event IS NOT NULL`,
        ['batch-event'],
      ),
    ).toEqual([{ n: 1 }]);

    expect(await log.findEvent('batch-event')).toEqual(event);
    const [first, second] = await Promise.all(deliveries.map((d) => log.findDelivery('s1', d.id)));
    expect(first).toMatchObject({
      eventId: 'batch-event',
      eventType: 'TAG_PUSH',
      webhookId: 'msg_batch-event',
      status: 'succeeded',
      attempts: 1,
      lastResponseStatus: 200,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
    expect(second).toMatchObject({ status: 'pending', lastResponseStatus: 503 });
    expect(await log.listAttempts(deliveries[0].id)).toEqual([
      expect.objectContaining({
        deliveryId: deliveries[0].id,
        attemptNumber: 1,
        requestHeaders: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
        requestBody: '{"type":"TAG_PUSH"}',
        responseStatus: 200,
        responseHeaders: { server: 'receiver' },
        responseBody: 'ok',
        durationMs: 3,
        error: null,
        createdAt: new Date(at),
      }),
    ]);
  });

  it('stores a body several first attempts of a write sent once, reads it back for each, and keeps a body one row sent in it', async () => {
    const statements = spyStatements();
    const at = '2030-01-01T00:00:02.000Z';
    const later = '2030-01-01T00:00:03.000Z';
    const event = eventOf('fan-out-event');
    const sharedBody = JSON.stringify({ type: 'TAG_PUSH', contents: { tag: '1.0', note: 'x'.repeat(300) } });
    const ownBody = JSON.stringify({ type: 'TAG_PUSH', contents: { tag: '1.0', note: 'y'.repeat(300) } });
    const fanOut = ['s-a', 's-b', 's-c'].map((subscriptionId, i) =>
      deliveryOf(event, i === 2 ? later : at, { subscriptionId }),
    );
    for (const delivery of fanOut)
      delivery.firstAttempt = attemptOf(delivery, delivery.at, { requestBody: sharedBody });
    const alone = deliveryOf(eventOf('native-event'), at, { subscriptionId: 's-d' });
    alone.firstAttempt = attemptOf(alone, at, { requestBody: ownBody });
    const short = ['s-e', 's-f'].map((subscriptionId) => deliveryOf(event, at, { subscriptionId }));
    for (const delivery of short) delivery.firstAttempt = attemptOf(delivery, at);

    await log.writeBatch([...fanOut, alone, ...short], []);

    expect(statements()).toEqual(['INSERT INTO delivery_request_bodies', 'COPY deliveries']);
    // Keyed by the whole SHA-256 of the body.
    expect(
      await dataSource.query(`SELECT encode(id, 'hex') AS id, body, used_at FROM delivery_request_bodies`),
    ).toEqual([
      {
        id: createHash('sha256').update(sharedBody).digest('hex'),
        body: sharedBody,
        used_at: new Date(later),
      },
    ]);
    const stored = await dataSource.query(
      `SELECT subscription_id, first_request_body AS body, first_request_body_id IS NOT NULL AS named
         FROM deliveries WHERE subscription_id = ANY($1) ORDER BY subscription_id`,
      [['s-a', 's-b', 's-c', 's-d', 's-e', 's-f']],
    );
    expect(stored).toEqual([
      { subscription_id: 's-a', body: null, named: true },
      { subscription_id: 's-b', body: null, named: true },
      { subscription_id: 's-c', body: null, named: true },
      { subscription_id: 's-d', body: ownBody, named: false },
      // Shorter than a shared row is worth.
      { subscription_id: 's-e', body: '{"type":"TAG_PUSH"}', named: false },
      { subscription_id: 's-f', body: '{"type":"TAG_PUSH"}', named: false },
    ]);
    const readBack = async () => {
      for (const delivery of [...fanOut, alone]) {
        const [first] = await log.listAttempts(delivery.id);
        expect(first.requestBody).toBe(delivery.firstAttempt!.requestBody);
      }
    };
    await readBack();

    // The same write again (a writer's retry): COPY meets the rows, the upsert writes them with
    // their text, and the shared body gets no second row.
    await log.writeBatch([...fanOut, alone, ...short], []);
    expect(await count('delivery_request_bodies')).toBe(1);
    await readBack();
  });

  it('takes a shared body back into a row written again, and prunes bodies after the deliveries that name them', async () => {
    const old = '2018-01-01T00:00:00.000Z';
    const retriedAt = '2030-02-01T00:00:00.000Z';
    const cutoff = new Date('2018-06-01T00:00:00.000Z');
    const body = JSON.stringify({ type: 'TAG_PUSH', note: 'z'.repeat(400) });
    const event = eventOf('shared-then-retried');
    const [retried, done] = ['s-r', 's-s'].map((subscriptionId) =>
      deliveryOf(event, old, { subscriptionId, status: 'pending', lastResponseStatus: 503 }),
    );
    for (const delivery of [retried, done])
      delivery.firstAttempt = attemptOf(delivery, old, { requestBody: body, responseStatus: 503 });
    await log.writeBatch([retried, done], []);
    const named = `SELECT count(*)::int AS n FROM deliveries WHERE first_request_body_id IS NOT NULL AND id = ANY($1)`;
    expect(await dataSource.query(named, [[retried.id, done.id]])).toEqual([{ n: 2 }]);

    // Its retry, years later: the row's updated_at passes the body's used_at.
    const second = attemptOf(retried, retriedAt, { attemptNumber: 2, requestBody: '{"retry":true}' });
    await log.writeBatch(
      [{ ...retried, status: 'succeeded', attempts: 2, lastResponseStatus: 200, at: retriedAt }],
      [second],
    );
    expect(
      await dataSource.query(
        `SELECT first_request_body AS body, first_request_body_id AS id FROM deliveries WHERE id = $1`,
        [retried.id],
      ),
    ).toEqual([{ body, id: null }]);

    const bodies = () => count('delivery_request_bodies');
    const before = await bodies();
    expect(await log.pruneBefore(cutoff)).toBe(1);
    expect(await bodies()).toBe(before - 1);
    expect(await log.findDelivery('s-s', done.id)).toBeNull();
    expect((await log.listAttempts(retried.id)).map((a) => a.requestBody)).toEqual([body, '{"retry":true}']);
  });

  it('upserts the deliveries at a later attempt with their attempts, then lets go of the parameters', async () => {
    const query = jest.spyOn(EntityManager.prototype, 'query');
    const at = '2030-01-01T00:00:01.000Z';
    const retried = deliveryOf(eventOf('retried-event'), at, { attempts: 2 });
    await log.writeBatch([retried], [attemptOf(retried, at, { attemptNumber: 2 })]);

    const inserts = query.mock.calls.filter(([sql]) => sql.startsWith('INSERT'));
    expect(inserts.map(([sql]) => /INSERT INTO (\w+)/.exec(sql)![1])).toEqual([
      'deliveries',
      'delivery_attempts',
    ]);
    // node-postgres holds a query's parameters until it is answered, and finished queries until a
    // full GC: once written, the parameter must not hold the rows' text any more.
    for (const [, params] of inserts)
      expect(() => (params as Array<{ toPostgres(): string }>)[0].toPostgres()).toThrow('read twice');
    expect(await log.findDelivery('s1', retried.id)).toMatchObject({ attempts: 2 });
    expect((await log.listAttempts(retried.id)).map((a) => a.attemptNumber)).toEqual([2]);
  });

  it('writes a batch whose COPY meets a logged row (a pending redelivery) through the upsert, every row of it', async () => {
    const at = '2030-01-01T00:00:03.000Z';
    const event = eventOf('copy-conflict');
    const rows = [0, 1, 2].map(() => deliveryOf(event, at));
    for (const row of rows) row.firstAttempt = attemptOf(row, at);
    await log.createPendingDelivery({
      id: rows[1].id,
      eventId: event.id,
      subscriptionId: 's1',
      eventType: event.type,
      webhookId: rows[1].webhookId,
    });
    const statements = spyStatements();
    await log.writeBatch(rows, []);

    expect(statements()).toEqual(['COPY deliveries', 'INSERT INTO deliveries']);
    for (const row of rows) {
      expect(await log.findDelivery('s1', row.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(await log.listAttempts(row.id)).toEqual([
        expect.objectContaining({ attemptNumber: 1, responseBody: 'ok' }),
      ]);
    }
    expect(await log.findEvent('copy-conflict')).toEqual(event);
  });

  it("copies tabs, line ends, backslashes and a header's NUL as they are, and leaves text COPY cannot carry to the upsert's refusal", async () => {
    const at = '2030-01-01T00:00:04.000Z';
    const event = { ...eventOf('copy-escapes'), contents: { tag: 'a\tb\\c\nd\re \\N' } };
    const row = deliveryOf(event, at, { webhookId: 'msg_\\N' });
    const content = {
      requestHeaders: { 'x-tab': 'a\tb', 'x-nul': 'a\u0000b', 'x-back': '\\"\\N' },
      requestBody: '{\n\t"a": "\\\\t"\r\n}',
      responseHeaders: { 'x-lone': '\ud800', 'x-line': 'a\nb' },
      responseBody: 'line\nnext\ttab\\back\r\n\\.\n',
      error: '\\N',
    };
    row.firstAttempt = attemptOf(row, at, content);
    // Another subscription's delivery of the event, with the same body string (as in a fan-out).
    const twin = deliveryOf(event, at, { subscriptionId: 's2' });
    twin.firstAttempt = attemptOf(twin, at, { requestBody: content.requestBody });
    const statements = spyStatements();
    await log.writeBatch([row, twin], []);

    expect(statements()).toEqual(['COPY deliveries']);
    expect(await log.findEvent('copy-escapes')).toEqual(event);
    expect(await log.findDelivery('s1', row.id)).toMatchObject({ webhookId: 'msg_\\N' });
    expect(await log.listAttempts(row.id)).toEqual([expect.objectContaining(content)]);
    expect(await log.listAttempts(twin.id)).toEqual([
      expect.objectContaining({ requestBody: content.requestBody }),
    ]);

    // Text that PostgreSQL cannot hold (a NUL; an unpaired surrogate, which UTF-8 would turn into
    // U+FFFD) goes to the upsert, which refuses its statement for it as before; the rest is copied.
    // Rows sharing such a body are each left to the upsert.
    for (const hostile of [{ requestBody: '{"a":"\u0000"}' }, { requestBody: '"\ud800"' }]) {
      const fine = deliveryOf(event, at);
      fine.firstAttempt = attemptOf(fine, at);
      const refused = deliveryOf(event, at);
      refused.firstAttempt = attemptOf(refused, at, hostile);
      const refusedTwin = deliveryOf(event, at);
      refusedTwin.firstAttempt = attemptOf(refusedTwin, at, hostile);
      const refusal = await log.writeBatch([fine, refused, refusedTwin], []).catch((error: unknown) => error);
      expect(contentRefusal(refusal)).toMatch(/^22/);
      expect(await log.findDelivery('s1', fine.id)).toMatchObject({ attempts: 1 });
      expect(await log.findDelivery('s1', refused.id)).toBeNull();
      expect(await log.findDelivery('s1', refusedTwin.id)).toBeNull();
    }
  });

  it('writes the same keys again as a re-run job does: the newest attempt count wins, logged attempts stay', async () => {
    const event = eventOf('rerun-event');
    const first = deliveryOf(event, '2030-01-01T00:00:01.000Z', {
      status: 'pending',
      lastResponseStatus: 500,
    });
    const failed = attemptOf(first, first.at, { responseStatus: 500, responseBody: 'first' });
    await log.writeBatch([{ ...first, firstAttempt: failed }], []);
    const retried = { ...first, status: 'succeeded' as const, attempts: 2, lastResponseStatus: 200 };
    const succeeded = attemptOf(first, '2030-01-01T00:00:06.000Z', { attemptNumber: 2 });
    // The whole batch again (a writer's retry), and a stale copy of attempt 1 written late.
    const late = { ...first, at: '2030-01-01T00:00:09.000Z' };
    await log.writeBatch(
      [{ ...retried, at: succeeded.at, firstAttempt: { ...failed, responseBody: 'again' } }],
      [succeeded],
    );
    await log.writeBatch([{ ...retried, at: succeeded.at }], [succeeded]);
    await log.writeBatch([{ ...late, firstAttempt: { ...failed, responseBody: 'late' } }], []);

    expect(await log.findDelivery('s1', first.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lastResponseStatus: 200,
      createdAt: new Date(first.at),
      updatedAt: new Date(succeeded.at),
    });
    const attempts = await log.listAttempts(first.id);
    expect(attempts.map((a) => [a.attemptNumber, a.responseStatus, a.responseBody])).toEqual([
      [1, 500, 'first'],
      [2, 200, 'ok'],
    ]);
  });

  it('stores the event on the last recorded delivery of each event in a write, and keeps it when a later write of the row has none', async () => {
    const event = eventOf('carried');
    const rows = ['2030-01-02T00:00:01.000Z', '2030-01-02T00:00:03.000Z', '2030-01-02T00:00:02.000Z'].map(
      (at) => deliveryOf(event, at),
    );
    await log.writeBatch(rows, []);
    const carriers = () =>
      dataSource.query(`SELECT id FROM deliveries WHERE event_id = 'carried' AND event IS NOT NULL`);
    expect(await carriers()).toEqual([{ id: rows[1].id }]);
    // Written again in a write where another delivery of the event is the last recorded.
    const later = deliveryOf(event, '2030-01-02T00:00:05.000Z');
    await log.writeBatch([{ ...rows[1], attempts: 2, at: '2030-01-02T00:00:04.000Z' }, later], []);
    expect((await carriers()).map(({ id }: { id: string }) => id).sort()).toEqual(
      [rows[1].id, later.id].sort(),
    );
    // One delivery in a statement of its own (the row-by-row fallback) carries its event.
    const alone = deliveryOf(eventOf('alone'), '2030-01-02T00:00:06.000Z');
    await log.writeDelivery(alone);
    expect(await log.findEvent('alone')).toEqual(alone.event);
  });

  it("stores a receiver's answer made storable, and tells a refusal for a row's content from other failures", async () => {
    const at = '2030-01-01T00:00:02.000Z';
    const event = eventOf('hostile-event');
    const hostile = deliveryOf(event, at);
    const hostileAnswer = { responseBody: 'a\u0000b\ud800c\udbff\udfffd', error: 'EX: \u0000' };
    await log.writeBatch(
      [{ ...hostile, firstAttempt: attemptOf(hostile, at, hostileAnswer) }],
      [attemptOf(hostile, at, { ...hostileAnswer, attemptNumber: 2 })],
    );
    // NUL and the unpaired surrogate become U+FFFD; the pair stays.
    const storable = { responseBody: 'a\ufffdb\ufffdc\udbff\udfffd', error: 'EX: \ufffd' };
    expect(await log.listAttempts(hostile.id)).toEqual([
      expect.objectContaining({ attemptNumber: 1, ...storable }),
      expect.objectContaining({ attemptNumber: 2, ...storable }),
    ]);

    // A request body is JSON text and never holds NUL; one that did is refused for what it holds.
    const refused = deliveryOf(event, at);
    const refusal = await log
      .writeDelivery({ ...refused, firstAttempt: attemptOf(refused, at, { requestBody: '{"a":"\u0000"}' }) })
      .catch((error: unknown) => error);
    expect(contentRefusal(refusal)).toBe('22P05');
    const laterRefusal = await log
      .writeAttempt(attemptOf(refused, at, { attemptNumber: 2, requestBody: '{"a":"\u0000"}' }))
      .catch((error: unknown) => error);
    expect(contentRefusal(laterRefusal)).toBe('22P05');
    await log.writeDelivery({ ...refused, firstAttempt: attemptOf(refused, at, { requestBody: '' }) });
    expect(await log.findDelivery('s1', refused.id)).toMatchObject({ status: 'succeeded' });
    expect(await log.listAttempts(refused.id)).toEqual([expect.objectContaining({ requestBody: '' })]);

    expect(contentRefusal(new Error('Connection terminated unexpectedly'))).toBeUndefined();
    expect(
      contentRefusal(Object.assign(new Error('terminating connection'), { code: '57P01' })),
    ).toBeUndefined();
    expect(contentRefusal(Object.assign(new Error('value too long'), { code: '22001' }))).toBe('22001');
  });

  it('writes thousands of rows in statements of at most 1000, and prunes them in batches with their attempts and events', async () => {
    const old = '2019-01-01T00:00:00.000Z';
    const recent = '2019-09-01T00:00:00.000Z';
    const oldEvents = Array.from({ length: 3 }, (_, i) => eventOf(`old-${i}`));
    const deliveries = Array.from({ length: 5003 }, (_, i) =>
      deliveryOf(oldEvents[i % 3], old, { subscriptionId: 'pruned', attempts: 2 }),
    );
    for (const delivery of deliveries) delivery.firstAttempt = attemptOf(delivery, old);
    const attempts = deliveries.map((delivery) => attemptOf(delivery, old, { attemptNumber: 2 }));
    // An old event redelivered recently stays for its new delivery.
    const redelivered = deliveryOf(oldEvents[0], recent, { subscriptionId: 'pruned' });
    const recentOne = deliveryOf(eventOf('recent'), recent, { subscriptionId: 'pruned' });
    const query = jest.spyOn(EntityManager.prototype, 'query');
    await log.writeBatch(
      [...deliveries, redelivered, { ...recentOne, firstAttempt: attemptOf(recentOne, recent) }],
      [...attempts, attemptOf(recentOne, recent, { attemptNumber: 2 })],
    );
    const inserted = query.mock.calls.filter(([sql]) => sql.startsWith('INSERT'));
    expect(inserted.map(([sql]) => /INSERT INTO (\w+)/.exec(sql)![1])).toEqual([
      ...Array(6).fill('deliveries'),
      ...Array(6).fill('delivery_attempts'),
    ]);
    const pruned = (await log.listDeliveries('pruned').page({ size: 10_000 })).items.length;
    expect(pruned).toBe(5005);

    const before = await count('deliveries');
    expect(await log.pruneBefore(new Date('2019-06-01T00:00:00.000Z'))).toBe(5003);
    expect(await count('deliveries')).toBe(before - 5003);
    expect((await ids(log.listDeliveries('pruned'), 10)).sort()).toEqual(
      [redelivered.id, recentOne.id].sort(),
    );
    const attemptsLeft = await dataSource.query(
      `SELECT delivery_id FROM delivery_attempts WHERE delivery_id = ANY($1)`,
      [[...deliveries.map((d) => d.id), recentOne.id]],
    );
    expect(attemptsLeft).toEqual([{ delivery_id: recentOne.id }]);
    expect(await log.findEvent('old-0')).toEqual(oldEvents[0]);
    expect(await log.findEvent('old-1')).toBeNull();
    expect(await log.findEvent('old-2')).toBeNull();
    expect(await log.pruneBefore(new Date('2019-06-01T00:00:00.000Z'))).toBe(0);
    // 5,000 rows take seconds on a loaded machine.
  }, 30_000);

  it("reads a subscription's deliveries newest first, by status and page, and logs a pending redelivery", async () => {
    const event = eventOf('paged');
    const times = ['2021-03-01T00:00:01.000Z', '2021-03-01T00:00:02.000Z', '2021-03-01T00:00:03.000Z'];
    const rows = times.map((at, i) =>
      deliveryOf(event, at, { subscriptionId: 'paged', status: i === 1 ? 'failed' : 'succeeded' }),
    );
    // Two at the same time: the id breaks the tie.
    const twin = deliveryOf(event, times[2], { subscriptionId: 'paged' });
    await log.writeBatch([...rows, twin], []);
    await log.writeBatch([deliveryOf(event, times[2], { subscriptionId: 'other' })], []);
    const newestTwo = [rows[2], twin].sort((a, b) => (a.id < b.id ? 1 : -1)).map((d) => d.id);

    const firstPage = await log.listDeliveries('paged').page({ size: 3 });
    expect(firstPage.items.map((d) => d.id)).toEqual([...newestTwo, rows[1].id]);
    const afterTwo = await log.listDeliveries('paged').page({ size: 2 });
    expect(await ids(log.listDeliveries('paged'), 3, afterTwo.nextStart)).toEqual([rows[1].id, rows[0].id]);
    expect(await ids(log.listDeliveries('paged', { status: 'failed' }), 3)).toEqual([rows[1].id]);
    const everyOne = [];
    for await (const batch of log.listDeliveries('paged').batches()) everyOne.push(...batch);
    expect(everyOne.map((d) => d.id)).toEqual([...newestTwo, rows[1].id, rows[0].id]);
    expect(everyOne[0]).toEqual(firstPage.items[0]);
    expect(await log.findDelivery('other', rows[0].id)).toBeNull();

    const pending = await log.createPendingDelivery({
      id: randomUUID(),
      eventId: 'paged',
      subscriptionId: 'paged',
      eventType: 'TAG_PUSH',
      webhookId: rows[0].webhookId,
    });
    expect(await log.findDelivery('paged', pending.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastResponseStatus: null,
      webhookId: rows[0].webhookId,
    });
    expect(await ids(log.listDeliveries('paged'), 1)).toEqual([pending.id]);
  });

  it("filters a subscription's deliveries by event type and by a creation window (from inclusive, to exclusive)", async () => {
    const push = eventOf('window-push');
    const deleted = { ...eventOf('window-delete'), type: 'TAG_DELETE' as const };
    const early = deliveryOf(push, '2022-05-01T10:00:00.000Z', { subscriptionId: 'window' });
    const middle = deliveryOf(deleted, '2022-05-01T11:00:00.000Z', { subscriptionId: 'window' });
    const late = deliveryOf(push, '2022-05-01T12:00:00.000Z', { subscriptionId: 'window' });
    await log.writeBatch([early, middle, late], []);
    const ids = async (filter: DeliveryLogFilter) =>
      (await log.listDeliveries('window', filter).page({ size: 10 })).items.map((d) => d.id);

    expect(await ids({ eventType: 'TAG_PUSH' })).toEqual([late.id, early.id]);
    expect(await ids({ eventType: 'TAG_DELETE' })).toEqual([middle.id]);
    expect(await ids({ since: new Date('2022-05-01T11:00:00.000Z') })).toEqual([late.id, middle.id]);
    expect(await ids({ until: new Date('2022-05-01T12:00:00.000Z') })).toEqual([middle.id, early.id]);
    expect(
      await ids({
        eventType: 'TAG_PUSH',
        since: new Date('2022-05-01T10:00:00.000Z'),
        until: new Date('2022-05-01T11:30:00.000Z'),
      }),
    ).toEqual([early.id]);
  });
});
