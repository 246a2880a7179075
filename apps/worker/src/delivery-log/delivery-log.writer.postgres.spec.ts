import type { CanonicalEvent } from '@hookyard/events';
import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveryLogRepository, type AttemptRow, type DeliveryRow } from '@hookyard/persistence';
import { DeliveryLogWriter } from './delivery-log.writer';

/** The writer's statements against the real PostgreSQL, with rows a hostile receiver or event can produce. */
describe('DeliveryLogWriter against PostgreSQL', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let writer: DeliveryLogWriter;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(() => {
    writer = new DeliveryLogWriter(new DeliveryLogRepository(dataSource), {
      eventLog: { retentionMs: 0, holdsDeliveredEvents: false, pruneAfterMs: 0 },
    });
  });

  afterEach(() => jest.restoreAllMocks());

  const event = (): CanonicalEvent =>
    ({ id: `evt_${randomUUID()}`, type: 'TAG_PUSH', contents: { tag: '1.0' } }) as unknown as CanonicalEvent;

  const delivery = (of: CanonicalEvent, fields: Partial<DeliveryRow> = {}): DeliveryRow => ({
    id: randomUUID(),
    event: of,
    subscriptionId: 's'.repeat(64),
    webhookId: `msg_${randomUUID()}`,
    status: 'succeeded',
    attempts: 1,
    lastResponseStatus: 200,
    ...fields,
  });

  const attempt = (of: DeliveryRow, fields: Partial<AttemptRow> = {}): AttemptRow => ({
    deliveryId: of.id,
    attemptNumber: 1,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: '{"type":"TAG_PUSH"}',
    responseStatus: 200,
    responseHeaders: { 'content-type': 'text/plain' },
    responseBody: 'ok',
    durationMs: 3,
    error: null,
    ...fields,
  });

  /** Every logged attempt of these deliveries: the first from the delivery's row, later ones from theirs. */
  const attemptsOf = (deliveryIds: string[]) =>
    dataSource.query(
      `SELECT id AS delivery_id, 1 AS attempt_number, first_request_headers::text AS request_headers,
              first_request_body AS request_body, first_response_status AS response_status,
              first_response_headers::text AS response_headers, first_response_body AS response_body,
              first_error AS error
       FROM deliveries WHERE id = ANY($1::uuid[]) AND first_attempt_at IS NOT NULL
       UNION ALL
       SELECT delivery_id, attempt_number, request_headers::text, request_body, response_status,
              response_headers::text, response_body, error
       FROM delivery_attempts WHERE delivery_id = ANY($1::uuid[])
       ORDER BY delivery_id, attempt_number`,
      [deliveryIds],
    ) as Promise<Array<Record<string, unknown>>>;
  const deliveryIdsIn = async (ids: string[]) =>
    (
      (await dataSource.query(`SELECT id FROM deliveries WHERE id = ANY($1::uuid[])`, [ids])) as Array<{
        id: string;
      }>
    )
      .map(({ id }) => id)
      .sort();

  it("stores a receiver's NUL bytes, unpaired surrogates and odd headers in one batch with everyone else's rows", async () => {
    const pushed = event();
    const healthy = delivery(pushed);
    const hostile = delivery(pushed);
    const failed = delivery(pushed, { status: 'pending', lastResponseStatus: null });
    writer.record(healthy, attempt(healthy));
    writer.record(
      hostile,
      attempt(hostile, {
        responseHeaders: { 'x-\u0000': '\u0000\ud800', 'x-odd': '\udc00ÿ' },
        responseBody: 'a\u0000b\ud800c\udbff\udfffd\ufffd',
      }),
    );
    writer.record(
      failed,
      attempt(failed, {
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
        error: 'EX: \u0000',
      }),
    );
    await writer.flush();

    const ids = [healthy.id, hostile.id, failed.id];
    expect(await deliveryIdsIn(ids)).toEqual([...ids].sort());
    const rows = new Map((await attemptsOf(ids)).map((row) => [row.delivery_id, row]));
    expect(rows.get(healthy.id)).toMatchObject({ response_body: 'ok', error: null });
    expect(rows.get(hostile.id)).toMatchObject({
      // NUL and the unpaired surrogate become U+FFFD; the pair and a real U+FFFD stay.
      response_body: 'a\ufffdb\ufffdc\udbff\udfffd\ufffd',
      response_headers: JSON.stringify({ 'x-\u0000': '\u0000\ud800', 'x-odd': '\udc00ÿ' }),
    });
    expect(rows.get(failed.id)).toMatchObject({ response_body: null, error: 'EX: \ufffd' });
  });

  it('writes every good row of a batch in which PostgreSQL refuses some rows, and the refused attempts without their content', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const pushed = event();
    const healthy = delivery(pushed);
    // A request body is JSON text and never holds NUL; one that did is refused (text cannot hold it).
    const refusedAttempt = delivery(pushed);
    // Longer than subscriptions.id allows: the delivery row itself is refused.
    const refusedDelivery = delivery(pushed, { subscriptionId: 'x'.repeat(65) });
    // The same, in a later attempt (its own row).
    const refusedRetry = delivery(pushed, { attempts: 2 });
    const other = event();
    const otherHealthy = delivery(other);
    writer.record(healthy, attempt(healthy));
    writer.record(refusedAttempt, attempt(refusedAttempt, { requestBody: '{"a":"\u0000"}' }));
    writer.record(refusedDelivery, attempt(refusedDelivery));
    writer.record(refusedRetry, attempt(refusedRetry, { attemptNumber: 2, requestBody: '{"a":"\u0000"}' }));
    writer.record(otherHealthy, attempt(otherHealthy));
    await writer.flush();

    const all = [healthy.id, refusedAttempt.id, refusedDelivery.id, refusedRetry.id, otherHealthy.id];
    expect(await deliveryIdsIn(all)).toEqual(
      [healthy.id, refusedAttempt.id, refusedRetry.id, otherHealthy.id].sort(),
    );
    const rows = new Map((await attemptsOf(all)).map((row) => [row.delivery_id, row]));
    expect(rows.get(healthy.id)).toMatchObject({ request_body: '{"type":"TAG_PUSH"}', response_body: 'ok' });
    expect(rows.get(otherHealthy.id)).toMatchObject({ response_body: 'ok' });
    // The refused delivery's row held its attempt: both are lost, and logged.
    expect(rows.get(refusedDelivery.id)).toBeUndefined();
    const withoutContent = {
      request_headers: '{}',
      request_body: '',
      response_status: 200,
      response_headers: null,
      response_body: null,
      error: expect.stringMatching(/could not be logged \(PostgreSQL error 22P05\)/),
    };
    expect(rows.get(refusedAttempt.id)).toMatchObject({ attempt_number: 1, ...withoutContent });
    expect(rows.get(refusedRetry.id)).toMatchObject({ attempt_number: 2, ...withoutContent });
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining(`delivery log row of delivery ${refusedDelivery.id}`),
    ]);
    expect(warnings.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining(`delivery log row of delivery ${refusedAttempt.id}`),
      expect.stringContaining(`of attempt 2 of delivery ${refusedRetry.id} written without its content`),
    ]);
    // Each event is kept for redelivery.
    const log = new DeliveryLogRepository(dataSource);
    expect(await log.findEvent(pushed.id)).toEqual(pushed);
    expect(await log.findEvent(other.id)).toEqual(other);
  });

  it('loses no row of a batch that repeats rows already logged (a job re-run after a crash)', async () => {
    const pushed = event();
    const first = delivery(pushed, { status: 'pending', attempts: 1 });
    writer.record(first, attempt(first, { responseStatus: 500 }));
    await writer.flush();
    const second = { ...first, status: 'succeeded' as const, attempts: 2 };
    writer.record(first, attempt(first, { responseStatus: 500 }));
    writer.record(second, attempt(second, { attemptNumber: 2 }));
    await writer.flush();

    expect(
      await dataSource.query(`SELECT status, attempts FROM deliveries WHERE id = $1`, [first.id]),
    ).toEqual([{ status: 'succeeded', attempts: 2 }]);
    expect((await attemptsOf([first.id])).map((row) => [row.attempt_number, row.response_status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });
});
