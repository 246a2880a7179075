import type { CanonicalEvent, EventType } from '@hookyard/events';
import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { contentRefusal } from '../delivery/delivery-log.repository';
import { Transaction } from '../transactions';
import { EventLogQuery, EventLogRepository } from './event-log.repository';

/** A canonical event as the stream holds it (JSON), accepted at `acceptedAt`. */
const event = (
  id: string,
  type: EventType,
  namespace: string | undefined,
  repository: string | undefined,
  acceptedAt: string | undefined,
  author: unknown = 'rita',
): string =>
  JSON.stringify({
    id,
    type,
    occurredAt: '2026-01-01T00:00:00.000Z',
    source: 'distribution',
    namespace,
    repository,
    contents: { namespace, repository, author },
    dedupKey: `key-${id}`,
    acceptedAt,
  } satisfies CanonicalEvent);

const READ_AT = '2026-06-01T00:00:00.000Z';

/** The activity stream's SQL against the real PostgreSQL with the migrations' schema. */
describe('EventLogRepository', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;
  let log: EventLogRepository;

  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  const ids = async (query: Partial<EventLogQuery>) =>
    (await log.list({ reach: 'everything', ...query }).page({ size: 100 })).items.map((entry) => entry.id);

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
    log = new EventLogRepository(dataSource);
    await log.record(
      [
        event('e1', 'TAG_PUSH', 'acme', 'api', at(1)),
        event('e2', 'TAG_PULL', 'acme', 'api', at(2), 'reed'),
        event('e3', 'TAG_PUSH', 'acme', 'web', at(3)),
        event('e4', 'QUOTA_WARNING', 'acme', undefined, at(4), ''),
        event('e5', 'SCANNER_UPDATE_COMPLETED', undefined, undefined, at(5), null),
        event('e6', 'TAG_PUSH', 'other', 'api', at(6)),
      ],
      READ_AT,
    );
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('records an event once, however often it is read, with what the listing shows', async () => {
    await log.record([event('e1', 'TAG_DELETE', 'x', 'y', at(9))], READ_AT);
    const [row] = await dataSource.query(
      `SELECT type, actor, published_at, event::text FROM event_log WHERE id = 'e1'`,
    );
    expect(row.type).toBe('TAG_PUSH');
    expect(row.actor).toBe('rita');
    expect(row.published_at.toISOString()).toBe(at(1));
    expect(JSON.parse(row.event)).toEqual({
      occurredAt: '2026-01-01T00:00:00.000Z',
      source: 'distribution',
      contents: { namespace: 'acme', repository: 'api', author: 'rita' },
    });
    // No author, or one that is not a string: no actor. No acceptedAt: published when read.
    const [noActor] = await dataSource.query(`SELECT actor FROM event_log WHERE id = 'e5'`);
    expect(noActor.actor).toBe('');
    await log.record([event('n1', 'TAG_PUSH', 'acme', 'api', undefined, { name: 'x' })], READ_AT);
    const [unstamped] = await dataSource.query(`SELECT actor, published_at FROM event_log WHERE id = 'n1'`);
    expect(unstamped).toEqual({ actor: '', published_at: new Date(READ_AT) });
    await dataSource.query(`DELETE FROM event_log WHERE id = 'n1'`);
  });

  it('records the new events of a batch read again, and an event twice in a batch once', async () => {
    await dataSource.query(`INSERT INTO registry_repositories (namespace, name) VALUES ('again', 'me')`);
    await log.record([event('a1', 'TAG_PUSH', 'again', 'me', at(30))], READ_AT);
    await log.record(
      [
        event('a1', 'TAG_PUSH', 'again', 'me', at(30)),
        event('a2', 'TAG_PUSH', 'again', 'me', at(31)),
        event('a2', 'TAG_PUSH', 'again', 'me', at(31)),
      ],
      READ_AT,
    );
    expect(await dataSource.query(`SELECT id FROM event_log WHERE namespace = 'again' ORDER BY id`)).toEqual([
      { id: 'a1' },
      { id: 'a2' },
    ]);
    expect(
      await dataSource.query(`SELECT pushes FROM registry_repositories WHERE namespace = 'again'`),
    ).toEqual([{ pushes: 2 }]);
    await dataSource.query(`DELETE FROM event_log WHERE namespace = 'again'`);
  });

  describe('by COPY', () => {
    /**
     * Entries whose text COPY must escape, and fields absent or of another JSON type; `escape` is
     * JSON text put in the first one's contents.
     */
    const awkward = (suffix: string, escape = '') => [
      JSON.stringify({
        id: `w1${suffix}`,
        type: 'TAG_PUSH',
        occurredAt: 'tab\there',
        source: 'line\nend\r\\N back\\slash',
        namespace: 'copy',
        repository: 'me',
        contents: { author: 'a\tb\\c\nd é', note: 'x\ty\\z', list: [1.5, null, true] },
        acceptedAt: at(40),
      }).replace('z"', `z${escape}"`),
      JSON.stringify({
        id: `w2${suffix}`,
        type: 'MANIFEST_PULL',
        namespace: 'copy',
        repository: 'me',
        contents: [1],
      }),
      JSON.stringify({ id: `w3${suffix}`, type: 'TAG_PULL', namespace: 'copy', contents: { author: 7 } }),
      JSON.stringify({ id: `w4${suffix}`, type: 'QUOTA_WARNING', namespace: null, repository: 'me' }),
    ];
    const rows = (suffix: string) =>
      dataSource.query(
        `SELECT left(id, 2) AS id, type, namespace, repository, actor, published_at, event::text
           FROM event_log WHERE id LIKE 'w_' || $1 ORDER BY id`,
        [suffix],
      );

    beforeAll(() =>
      dataSource.query(`INSERT INTO registry_repositories (namespace, name) VALUES ('copy', 'me')`),
    );
    afterEach(() => dataSource.query(`DELETE FROM event_log WHERE id LIKE 'w%'`));

    it('records a new batch with one COPY and no statement, the rows and counts as the statement writes them', async () => {
      const query = jest.spyOn(dataSource, 'query');
      await log.record(awkward('c'), READ_AT);
      expect(query.mock.calls.filter(([sql]) => sql.includes('INSERT INTO event_log'))).toEqual([]);
      query.mockRestore();
      // An escaped surrogate pair (the escape's text, as JSON.stringify never writes it) leaves its
      // batch to the statement (RECORD_NEW_EVENTS).
      const escaped = awkward('s', String.raw`\ud83d\ude00`);
      expect(escaped[0]).toContain(String.raw`z\ud83d\ude00"`);
      const statement = jest.spyOn(dataSource, 'query');
      await log.record(escaped, READ_AT);
      expect(statement.mock.calls.filter(([sql]) => sql.includes('INSERT INTO event_log'))).toEqual([
        [expect.not.stringContaining('ON CONFLICT'), [`[${escaped.join(',')}]`, READ_AT]],
      ]);
      statement.mockRestore();
      const byStatement = await rows('s');
      // `event` (json) keeps the contents' text as sent, the escape too: it reads back as the character.
      expect(JSON.parse(byStatement[0].event).contents.note).toBe('x\ty\\z😀');
      byStatement[0].event = byStatement[0].event.replace(String.raw`\ud83d\ude00`, '');
      expect(await rows('c')).toEqual(byStatement);
      expect(byStatement[0]).toMatchObject({ actor: 'a\tb\\c\nd é', published_at: new Date(at(40)) });
      expect(byStatement[1]).toMatchObject({ actor: '', published_at: new Date(READ_AT) });
      expect(
        await dataSource.query(`SELECT pulls, pushes FROM registry_repositories WHERE namespace = 'copy'`),
      ).toEqual([{ pulls: 2, pushes: 2 }]);
    });

    it('leaves a batch recorded before to RECORD_EVENTS, rolled back: neither recorded nor counted twice', async () => {
      await log.record(awkward('r').slice(0, 1), READ_AT);
      const query = jest.spyOn(dataSource, 'query');
      await log.record(awkward('r'), READ_AT);
      expect(query.mock.calls.filter(([sql]) => sql.includes('INSERT INTO event_log'))).toEqual([
        [expect.stringContaining('ON CONFLICT (id) DO NOTHING'), expect.anything()],
      ]);
      query.mockRestore();
      expect((await rows('r')).map((row: { id: string }) => row.id)).toEqual(['w1', 'w2', 'w3', 'w4']);
      expect(
        await dataSource.query(`SELECT pulls, pushes FROM registry_repositories WHERE namespace = 'copy'`),
      ).toEqual([{ pulls: 3, pushes: 3 }]);
    });

    it('leaves NUL and unpaired surrogate escapes to the statement, which refuses them as content', async () => {
      for (const escape of ['\\u0000', '\\udc00']) {
        const refusal = await log.record(awkward('n', escape), READ_AT).then(() => undefined, contentRefusal);
        expect(refusal).toMatch(/^22/);
      }
      expect(await rows('n')).toEqual([]);
    });
  });

  it('refuses a batch with an entry PostgreSQL cannot take, as a refusal of content', async () => {
    const refusal = await log
      .record([event('ok', 'TAG_PUSH', 'a', 'b', at(1)), '{"id": null}'], READ_AT)
      .then(
        () => undefined,
        (error: unknown) => contentRefusal(error),
      );
    expect(refusal).toMatch(/^23/);
    const notJson = await log.record(['{not json'], READ_AT).then(
      () => undefined,
      (error: unknown) => contentRefusal(error),
    );
    expect(notJson).toMatch(/^22/);
    expect(await dataSource.query(`SELECT 1 FROM event_log WHERE id = 'ok'`)).toEqual([]);
  });

  it("counts each event recorded once in its repository's pulls and pushes", async () => {
    await dataSource.query(`INSERT INTO registry_repositories (namespace, name) VALUES ('count', 'me')`);
    const batch = [
      event('c1', 'MANIFEST_PULL', 'count', 'me', at(20)),
      event('c2', 'MANIFEST_PULL', 'count', 'me', at(20)),
      event('c3', 'TAG_PUSH', 'count', 'me', at(20)),
      event('c4', 'TAG_PULL', 'count', 'me', at(20)),
      event('c5', 'TAG_PUSH', 'count', 'unknown', at(20)),
    ];
    await log.record(batch, READ_AT);
    await log.record(batch, READ_AT);
    expect(
      await dataSource.query(`SELECT pulls, pushes FROM registry_repositories WHERE namespace = 'count'`),
    ).toEqual([{ pulls: 2, pushes: 1 }]);
    await dataSource.query(`DELETE FROM event_log WHERE namespace = 'count'`);
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
    await log.record(
      [
        event('s1', 'TAG_PUSH', 'same', 'ms', at(30)),
        event('s2', 'TAG_PUSH', 'same', 'ms', at(30)),
        event('s3', 'TAG_PUSH', 'same', 'ms', at(30)),
      ],
      READ_AT,
    );
    const listing = log.list({ namespace: 'same', reach: 'everything' });
    const first = await listing.page({ size: 2 });
    expect(first.items.map((entry) => entry.id)).toEqual(['s3', 's2']);
    const rest = await listing.page({ size: 2, start: first.nextStart });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: 's1' })], nextStart: undefined });
    const streamed = [];
    for await (const batch of listing.batches()) streamed.push(...batch.map((entry) => entry.id));
    expect(streamed).toEqual(['s3', 's2', 's1']);
  });

  it('keeps to the reach: whole namespaces, single repositories, pulls only where allowed', async () => {
    const reach = {
      namespaces: [],
      repositories: [{ namespace: 'acme', repository: 'api' }],
      adminNamespaces: [],
      adminRepositories: [],
    };
    expect(await ids({ reach })).toEqual(['e1']);
    expect(await ids({ reach: { ...reach, adminRepositories: reach.repositories } })).toEqual(['e2', 'e1']);
    const acme = { ...reach, namespaces: ['acme'], repositories: [] };
    expect(await ids({ reach: acme })).toEqual(['e4', 'e3', 'e1']);
    // A repository granted within a namespace read whole is listed once.
    expect(await ids({ reach: { ...acme, repositories: reach.repositories } })).toEqual(['e4', 'e3', 'e1']);
    expect(await ids({ reach: { ...acme, adminNamespaces: ['acme'] } })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await ids({ reach: { ...reach, repositories: [] } })).toEqual([]);
  });

  it('shows operational events (about webhooks) only where the caller administers, as pulls', async () => {
    await log.record(
      [
        event('o1', 'DELIVERY_EXHAUSTED', 'ops', 'api', at(11), ''),
        event('o2', 'WEBHOOK_DISABLED', 'ops', undefined, at(12), ''),
        event('o3', 'TAG_PUSH', 'ops', 'api', at(13)),
      ],
      READ_AT,
    );
    const reader = {
      namespaces: [],
      repositories: [{ namespace: 'ops', repository: 'api' }],
      adminNamespaces: [],
      adminRepositories: [],
    };
    expect(await ids({ reach: reader })).toEqual(['o3']);
    expect(await ids({ reach: { ...reader, adminRepositories: reader.repositories } })).toEqual(['o3', 'o1']);
    const namespaceReader = { ...reader, namespaces: ['ops'], repositories: [] };
    expect(await ids({ reach: namespaceReader })).toEqual(['o3']);
    expect(await ids({ reach: { ...namespaceReader, adminNamespaces: ['ops'] } })).toEqual([
      'o3',
      'o2',
      'o1',
    ]);
  });

  it("shows a repository's grantees only its own events, not those of a deleted one of that name before it", async () => {
    const granted = (repository: string) => ({
      namespaces: [],
      repositories: [{ namespace: 'redo', repository }],
      adminNamespaces: [],
      adminRepositories: [],
    });
    const close = (name: string, deletedAt: string) =>
      dataSource.transaction(async (manager) =>
        log.closeRepository({ namespace: 'redo', name }, new Date(deletedAt), new Transaction(manager)),
      );
    await log.record(
      [event('r1', 'TAG_PUSH', 'redo', 'app', at(40)), event('r2', 'REPO_DELETED', 'redo', 'app', at(45))],
      READ_AT,
    );
    // Deleted once its REPO_DELETED was published, and made again later: the same name, a new repository.
    await close('app', at(45));
    await dataSource.query(
      `INSERT INTO registry_repositories (namespace, name, created_at) VALUES ('redo', 'app', $1)`,
      [at(47)],
    );
    await log.record([event('r3', 'TAG_PUSH', 'redo', 'app', at(50))], READ_AT);
    expect(await ids({ reach: granted('app') })).toEqual(['r3']);
    // A later deletion moves the line; an earlier one (out of order) does not move it back.
    await close('app', at(40));
    expect(await ids({ reach: granted('app') })).toEqual(['r3']);
    // The namespace's owners and system admins still read its whole history.
    expect(await ids({ reach: { ...granted('app'), namespaces: ['redo'], repositories: [] } })).toEqual([
      'r3',
      'r2',
      'r1',
    ]);
    expect(await ids({ namespace: 'redo' })).toEqual(['r3', 'r2', 'r1']);

    // Events of a repository the registry held before Hookyard saw a push to it (no row then, no
    // deletion since), and the first push whose row was made a little after it was published (the
    // database's or the registry's clock ahead of ingest's): its grantees read them all.
    await log.record(
      [event('p1', 'TAG_PULL', 'redo', 'web', at(60)), event('p2', 'TAG_PUSH', 'redo', 'web', at(70))],
      READ_AT,
    );
    await dataSource.query(
      `INSERT INTO registry_repositories (namespace, name, created_at) VALUES ('redo', 'web', $1)`,
      [new Date(Date.parse(at(70)) + 3).toISOString()],
    );
    const webAdmin = { ...granted('web'), adminRepositories: granted('web').repositories };
    expect(await ids({ reach: webAdmin })).toEqual(['p2', 'p1']);
  });

  it("hides a deleted account's events from whoever holds its namespace next, not from system admins", async () => {
    const acme = { namespaces: ['acme'], repositories: [], adminNamespaces: ['acme'], adminRepositories: [] };
    await dataSource.transaction(async (manager) =>
      log.closeNamespace('acme', new Date(at(2)), new Transaction(manager)),
    );
    expect(await ids({ reach: acme })).toEqual(['e4', 'e3']);
    // A later deletion moves the line; an earlier one (out of order) does not move it back.
    for (const second of [3, 1]) {
      await dataSource.transaction(async (manager) =>
        log.closeNamespace('acme', new Date(at(second)), new Transaction(manager)),
      );
    }
    expect(await ids({ reach: acme })).toEqual(['e4']);
    expect(await ids({ namespace: 'acme' })).toEqual(['e4', 'e3', 'e2', 'e1']);
    await dataSource.query(`DELETE FROM namespace_deletions`);
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

  it('prunes the deletion marks older than the cutoff, which hide no event left, and keeps the newer', async () => {
    const cutoff = new Date(at(40));
    await dataSource.transaction(async (manager) => {
      const transaction = new Transaction(manager);
      await log.closeNamespace('old-ns', new Date(at(30)), transaction);
      await log.closeNamespace('new-ns', new Date(at(50)), transaction);
      await log.closeRepository({ namespace: 'acme', name: 'old' }, new Date(at(30)), transaction);
      await log.closeRepository({ namespace: 'acme', name: 'new' }, new Date(at(50)), transaction);
    });
    await log.pruneBefore(cutoff);
    expect(await dataSource.query(`SELECT namespace FROM namespace_deletions`)).toEqual([
      { namespace: 'new-ns' },
    ]);
    // (redo's marks, of an earlier test, are newer than the cutoff.)
    expect(await dataSource.query(`SELECT name FROM repository_deletions WHERE namespace = 'acme'`)).toEqual([
      { name: 'new' },
    ]);
  });
});
