import type { CanonicalEvent, EventType } from '@hookyard/events';
import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { EventLogQuery, EventLogRepository } from './event-log.repository';

const event = (
  id: string,
  type: EventType,
  namespace: string | undefined,
  repository: string | undefined,
  author = 'rita',
): CanonicalEvent => ({
  id,
  type,
  occurredAt: '2026-01-01T00:00:00.000Z',
  source: 'distribution',
  namespace,
  repository,
  contents: { namespace, repository, author },
  dedupKey: `key-${id}`,
});

/** The activity stream's SQL against the real PostgreSQL with the migrations' schema. */
describe('EventLogRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let log: EventLogRepository;

  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  const ids = async (query: Partial<EventLogQuery>) =>
    (await log.list({ reach: 'everything', page: { limit: 100 }, ...query })).map((entry) => entry.id);

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    log = new EventLogRepository(dataSource);
    await log.record([
      { event: event('e1', 'TAG_PUSH', 'acme', 'api'), publishedAt: at(1) },
      { event: event('e2', 'TAG_PULL', 'acme', 'api', 'reed'), publishedAt: at(2) },
      { event: event('e3', 'TAG_PUSH', 'acme', 'web'), publishedAt: at(3) },
      { event: event('e4', 'QUOTA_WARNING', 'acme', undefined, ''), publishedAt: at(4) },
      { event: event('e5', 'SCANNER_UPDATE_COMPLETED', undefined, undefined, ''), publishedAt: at(5) },
      { event: event('e6', 'TAG_PUSH', 'other', 'api'), publishedAt: at(6) },
    ]);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('records an event once, however often it is read, without its dedup key', async () => {
    await log.record([{ event: event('e1', 'TAG_DELETE', 'x', 'y'), publishedAt: at(9) }]);
    const [row] = await dataSource.query(
      `SELECT type, actor, published_at, event::text FROM event_log WHERE id = 'e1'`,
    );
    expect(row.type).toBe('TAG_PUSH');
    expect(row.actor).toBe('rita');
    expect(row.published_at.toISOString()).toBe(at(1));
    expect(JSON.parse(row.event)).toEqual({
      id: 'e1',
      type: 'TAG_PUSH',
      occurredAt: '2026-01-01T00:00:00.000Z',
      source: 'distribution',
      namespace: 'acme',
      repository: 'api',
      contents: { namespace: 'acme', repository: 'api', author: 'rita' },
    });
  });

  it('lists newest first, by every filter', async () => {
    expect(await ids({})).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
    expect(await ids({ type: 'TAG_PUSH' })).toEqual(['e6', 'e3', 'e1']);
    expect(await ids({ namespace: 'acme' })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await ids({ namespace: 'acme', repository: 'api' })).toEqual(['e2', 'e1']);
    expect(await ids({ actor: 'reed' })).toEqual(['e2']);
    expect(await ids({ publishedAfter: new Date(at(2)), publishedBefore: new Date(at(5)) })).toEqual([
      'e4',
      'e3',
    ]);
  });

  it('pages by (publishedAt, id), so events published in the same millisecond are neither lost nor repeated', async () => {
    await log.record([
      { event: event('s1', 'TAG_PUSH', 'same', 'ms'), publishedAt: at(30) },
      { event: event('s2', 'TAG_PUSH', 'same', 'ms'), publishedAt: at(30) },
      { event: event('s3', 'TAG_PUSH', 'same', 'ms'), publishedAt: at(30) },
    ]);
    const first = await log.list({ namespace: 'same', reach: 'everything', page: { limit: 2 } });
    expect(first.map((entry) => entry.id)).toEqual(['s3', 's2']);
    const last = first[1];
    const rest = await log.list({
      namespace: 'same',
      reach: 'everything',
      page: { after: [last.publishedAt.toISOString(), last.id], limit: 2 },
    });
    expect(rest.map((entry) => entry.id)).toEqual(['s1']);
  });

  it('keeps to the reach: whole namespaces, single repositories, pulls only where allowed', async () => {
    const reach = {
      namespaces: [],
      repositories: [{ namespace: 'acme', repository: 'api' }],
      pullNamespaces: [],
      pullRepositories: [],
    };
    expect(await ids({ reach })).toEqual(['e1']);
    expect(await ids({ reach: { ...reach, pullRepositories: reach.repositories } })).toEqual(['e2', 'e1']);
    const acme = { ...reach, namespaces: ['acme'], repositories: [] };
    expect(await ids({ reach: acme })).toEqual(['e4', 'e3', 'e1']);
    expect(await ids({ reach: { ...acme, pullNamespaces: ['acme'] } })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await ids({ reach: { ...reach, repositories: [] } })).toEqual([]);
  });

  it('reads every listing through an index, not a scan of the table', async () => {
    await dataSource.query(
      `INSERT INTO event_log (id, type, namespace, repository, actor, published_at, event)
       SELECT 'bulk-' || i, (ARRAY['TAG_PUSH','TAG_PULL','MANIFEST_PUSH'])[1 + i % 3], 'ns' || (i % 50),
              'repo' || (i % 7), 'user' || (i % 30), now() - (i || ' seconds')::interval, '{}'
         FROM generate_series(1, 30000) i`,
    );
    await dataSource.query('ANALYZE event_log');
    const reach = {
      namespaces: ['ns1', 'ns2'],
      repositories: [{ namespace: 'ns3', repository: 'repo1' }],
      pullNamespaces: ['ns1'],
      pullRepositories: [],
    };
    const queries: Array<Partial<EventLogQuery>> = [
      {},
      { type: 'MANIFEST_PUSH' },
      { namespace: 'ns7' },
      { namespace: 'ns7', repository: 'repo3' },
      { actor: 'user4' },
      { publishedBefore: new Date(Date.now() - 10_000_000) },
      { reach },
      { page: { after: [new Date(Date.now() - 20_000_000).toISOString(), 'bulk-1'], limit: 21 } },
    ];
    for (const query of queries) {
      const sql = await explain(dataSource, log, { reach: 'everything', page: { limit: 21 }, ...query });
      expect({ query, sql }).toEqual({ query, sql: expect.not.stringContaining('Seq Scan on event_log') });
    }
  });

  it('prunes the events published before a cutoff', async () => {
    const cutoff = new Date(at(4));
    const [{ older }] = await dataSource.query(
      `SELECT count(*)::int AS older FROM event_log WHERE published_at < $1`,
      [cutoff],
    );
    expect(older).toBeGreaterThan(0);
    expect(await log.pruneBefore(cutoff)).toBe(older);
    expect(await ids({ namespace: 'acme' })).toEqual(['e4']);
    expect(await dataSource.query(`SELECT 1 FROM event_log WHERE published_at < $1`, [cutoff])).toEqual([]);
  });
});

/** The plan PostgreSQL chooses for the statement the repository sends for `query` (read from TypeORM's logger). */
async function explain(
  dataSource: DataSource,
  log: EventLogRepository,
  query: EventLogQuery,
): Promise<string> {
  const logged = jest.spyOn(dataSource.logger, 'logQuery');
  let calls: typeof logged.mock.calls;
  try {
    await log.list(query);
  } finally {
    calls = [...logged.mock.calls];
    logged.mockRestore();
  }
  const [sql, parameters] = calls.find(([text]) => text.startsWith('SELECT'))!;
  const rows = (await dataSource.query(`EXPLAIN ${sql}`, parameters)) as Array<{ 'QUERY PLAN': string }>;
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}
