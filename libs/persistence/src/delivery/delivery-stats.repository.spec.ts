import type { CanonicalEvent } from '@hookyard/events';
import { createMigratedDatabase, DTR_FIELDS, MigratedDatabase } from '@hookyard/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { SubscriptionRepository } from '../subscription/subscription.repository';
import { DeliveryLogRepository, DeliveryRow, Recorded } from './delivery-log.repository';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import type { DeliveryStatus } from './delivery.entity';

const event: CanonicalEvent = {
  id: 'stats-event',
  type: 'TAG_PUSH',
  occurredAt: '2030-01-01T00:00:00.000Z',
  source: 'distribution',
  namespace: 'acme',
  repository: 'api',
  contents: { namespace: 'acme', repository: 'api', tag: '1.0' },
  dedupKey: 'stats-event',
};

/** The delivery log's aggregates against the real PostgreSQL with the migrations' schema. */
describe('DeliveryStatsRepository', () => {
  let database: MigratedDatabase;
  let stats: DeliveryStatsRepository;
  let log: DeliveryLogRepository;
  let subscriptions: SubscriptionRepository;

  const subscription = async (key: string) =>
    (
      await subscriptions.create({
        ...DTR_FIELDS,
        id: randomBytes(32).toString('hex'),
        eventTypes: ['TAG_PUSH'],
        key,
        namespace: key.split('/')[0],
        repository: key.split('/')[1],
        endpoint: `https://${key.replace('/', '-')}.example.com/hook`,
        authorId: randomUUID(),
        lastSuccessfulAt: null,
        inactive: false,
        inactiveReason: null,
        tlsCert: '',
        skipTlsVerification: false,
        secret: 'whsec_c2VjcmV0',
        consecutiveFailures: 0,
      })
    ).id;

  const deliver = (subscriptionId: string, at: string, status: DeliveryStatus, attempts = 1) =>
    log.writeBatch(
      [
        {
          id: randomUUID(),
          event,
          subscriptionId,
          webhookId: `msg_${randomUUID()}`,
          status,
          attempts,
          lastResponseStatus: status === 'succeeded' ? 200 : 500,
          at,
        } satisfies Recorded<DeliveryRow>,
      ],
      [],
    );

  let api: string;
  let web: string;
  let gone: string;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    stats = new DeliveryStatsRepository(database.dataSource);
    log = new DeliveryLogRepository(database.dataSource);
    subscriptions = new SubscriptionRepository(database.dataSource);
    api = await subscription('acme/api');
    web = await subscription('acme/web');
    gone = randomBytes(32).toString('hex');
    await deliver(api, '2030-01-01T09:59:59.000Z', 'failed'); // before the window
    await deliver(api, '2030-01-01T10:00:00.000Z', 'succeeded');
    await deliver(api, '2030-01-01T10:00:30.000Z', 'failed');
    await deliver(api, '2030-01-01T10:01:10.000Z', 'pending', 2); // failing, still retrying
    await deliver(api, '2030-01-01T10:01:20.000Z', 'pending', 0); // not tried yet
    await deliver(web, '2030-01-01T10:01:00.000Z', 'failed');
    await deliver(web, '2030-01-01T10:02:00.000Z', 'succeeded');
    await deliver(gone, '2030-01-01T10:02:00.000Z', 'skipped');
  });

  afterAll(async () => {
    await database?.drop();
  });

  const since = new Date('2030-01-01T10:00:00.000Z');

  it('counts deliveries created since the start per minute and status, for everyone or some subscriptions', async () => {
    const rows = (counts: Awaited<ReturnType<DeliveryStatsRepository['perMinute']>>) =>
      counts
        .map(
          ({ minute, status, count }) => `${new Date(minute).toISOString().slice(11, 16)} ${status} ${count}`,
        )
        .sort();
    expect(rows(await stats.perMinute(since, null))).toEqual([
      '10:00 failed 1',
      '10:00 succeeded 1',
      '10:01 failed 1',
      '10:01 pending 2',
      '10:02 skipped 1',
      '10:02 succeeded 1',
    ]);
    expect(rows(await stats.perMinute(since, [web]))).toEqual(['10:01 failed 1', '10:02 succeeded 1']);
    expect(await stats.perMinute(since, [])).toEqual([]);
  });

  it('ranks subscriptions by failures (failed, or failing and retrying), with what is left of each', async () => {
    expect(await stats.mostFailing(since, null, 5)).toEqual([
      {
        subscriptionId: api,
        api: 'dtr',
        key: 'acme/api',
        endpoint: 'https://acme-api.example.com/hook',
        failures: 2,
        total: 4,
      },
      {
        subscriptionId: web,
        api: 'dtr',
        key: 'acme/web',
        endpoint: 'https://acme-web.example.com/hook',
        failures: 1,
        total: 2,
      },
    ]);
    expect((await stats.mostFailing(since, null, 1)).map((row) => row.subscriptionId)).toEqual([api]);
    expect((await stats.mostFailing(since, [web, gone], 5)).map((row) => row.subscriptionId)).toEqual([web]);
    await subscriptions.delete(web);
    expect(await stats.mostFailing(since, [web], 5)).toEqual([
      { subscriptionId: web, api: null, key: null, endpoint: null, failures: 1, total: 2 },
    ]);
  });
});
