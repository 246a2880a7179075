import { createMigratedDatabase, MigratedDatabase } from '@hookyard/testing';
import { DataSource } from 'typeorm';
import { DeliveryLogRepository } from '../delivery/delivery-log.repository';

/** The migrations against a real PostgreSQL: they build what the entities describe, and the newest undoes cleanly. */
describe('migrations', () => {
  let database: MigratedDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    ({ dataSource } = database);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Undoes the newest migrations up to and including `name`. */
  async function undoDownTo(name: string): Promise<void> {
    const ran = async () =>
      (
        (await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC`)) as Array<{ name: string }>
      ).map((row) => row.name);
    expect(await ran()).toContain(name);
    while ((await ran()).includes(name)) await dataSource.undoLastMigration({ transaction: 'each' });
  }

  it('leave nothing for the entities to change', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it("bootstrap token: the admin tokens earlier starts made become bootstrap tokens, nobody else's", async () => {
    await undoDownTo('BootstrapToken1795451000000');
    await dataSource.query(
      `INSERT INTO accounts (id, name, is_admin) VALUES
         ('00000000-0000-4000-8000-00000000000a', 'admin', true),
         ('00000000-0000-4000-8000-00000000000b', 'rita', false)`,
    );
    await dataSource.query(
      `INSERT INTO api_tokens (account_id, token_hash, token_label) VALUES
         ('00000000-0000-4000-8000-00000000000a', 'h1', 'ADMIN_TOKEN'),
         ('00000000-0000-4000-8000-00000000000a', 'h2', 'generated at first start'),
         ('00000000-0000-4000-8000-00000000000a', 'h3', 'ci'),
         ('00000000-0000-4000-8000-00000000000b', 'h4', 'ADMIN_TOKEN')`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query(`SELECT token_hash, is_bootstrap FROM api_tokens ORDER BY 1`)).toEqual([
      { token_hash: 'h1', is_bootstrap: true },
      { token_hash: 'h2', is_bootstrap: true },
      { token_hash: 'h3', is_bootstrap: false },
      { token_hash: 'h4', is_bootstrap: false },
    ]);
  });

  it('delivery events: undone, the event and the last body return to each delivery; redone, the event is stored once', async () => {
    await undoDownTo('DeliveryOneRow1795490000000');
    await dataSource.query(
      `INSERT INTO delivery_events (id, type, event) VALUES ('e1', 'TAG_PUSH', '{"id":"e1","type":"TAG_PUSH"}')`,
    );
    await dataSource.query(
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts)
       VALUES ('00000000-0000-4000-8000-000000000001', 'e1', 's1', 'TAG_PUSH', 'msg_1', 'succeeded', 2),
              ('00000000-0000-4000-8000-000000000002', 'e1', 's2', 'TAG_PUSH', 'msg_2', 'skipped', 0)`,
    );
    await dataSource.query(
      `INSERT INTO delivery_attempts (delivery_id, attempt_number, request_headers, request_body, duration_ms)
       VALUES ('00000000-0000-4000-8000-000000000001', 1, '{}', 'first', 1),
              ('00000000-0000-4000-8000-000000000001', 2, '{}', 'second', 1),
              ('00000000-0000-4000-8000-00000000dead', 1, '{}', 'orphan', 1)`,
    );

    await undoDownTo('DeliveryEvents1795440000000');
    const before = await dataSource.query(
      `SELECT subscription_id, request_body, event::text AS event FROM deliveries ORDER BY subscription_id`,
    );
    expect(before).toEqual([
      { subscription_id: 's1', request_body: 'second', event: '{"id":"e1","type":"TAG_PUSH"}' },
      { subscription_id: 's2', request_body: '', event: '{"id":"e1","type":"TAG_PUSH"}' },
    ]);
    // The foreign key is back: attempts of no delivery are gone.
    expect(await dataSource.query(`SELECT request_body FROM delivery_attempts ORDER BY 1`)).toEqual([
      { request_body: 'first' },
      { request_body: 'second' },
    ]);

    await dataSource.runMigrations({ transaction: 'each' });
    await undoDownTo('DeliveryOneRow1795490000000');
    expect(await dataSource.query(`SELECT id, type, event::text AS event FROM delivery_events`)).toEqual([
      { id: 'e1', type: 'TAG_PUSH', event: '{"id":"e1","type":"TAG_PUSH"}' },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await dataSource.query(`DELETE FROM deliveries; DELETE FROM delivery_attempts`);
  });

  it("one row per delivery: each first attempt moves into its delivery's row, the event onto its latest updated delivery; undone, both return", async () => {
    await undoDownTo('DeliveryOneRow1795490000000');
    await dataSource.query(
      `INSERT INTO delivery_events (id, type, event, created_at) VALUES
         ('e1', 'TAG_PUSH', '{"id":"e1","type":"TAG_PUSH"}', '2030-01-01T00:00:00Z'),
         ('gone', 'TAG_PUSH', '{"id":"gone","type":"TAG_PUSH"}', '2030-01-01T00:00:00Z')`,
    );
    await dataSource.query(
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts,
                               last_response_status, created_at, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 'e1', 's1', 'TAG_PUSH', 'msg_1', 'succeeded', 2, 200,
               '2030-01-01T00:00:00Z', '2030-01-01T00:05:00Z'),
              ('00000000-0000-4000-8000-000000000002', 'e1', 's2', 'TAG_PUSH', 'msg_2', 'succeeded', 1, 200,
               '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
              ('00000000-0000-4000-8000-000000000003', 'e1', 's3', 'TAG_PUSH', 'msg_3', 'skipped', 0, null,
               '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')`,
    );
    await dataSource.query(
      `INSERT INTO delivery_attempts (delivery_id, attempt_number, request_headers, request_body, response_status,
                                      response_headers, response_body, duration_ms, error, created_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 1, '{"a":"1"}', 'first', 503, '{"b":"2"}', 'busy', 7, null,
               '2030-01-01T00:00:00Z'),
              ('00000000-0000-4000-8000-000000000001', 2, '{"a":"2"}', 'second', 200, null, 'ok', 3, null,
               '2030-01-01T00:05:00Z'),
              ('00000000-0000-4000-8000-000000000002', 1, '{}', 'only', null, null, null, 10, 'ECONNRESET: x',
               '2030-01-01T00:00:00Z')`,
    );
    await dataSource.runMigrations({ transaction: 'each' });

    const log = new DeliveryLogRepository(dataSource);
    expect(await log.listAttempts('00000000-0000-4000-8000-000000000001')).toEqual([
      expect.objectContaining({
        attemptNumber: 1,
        requestHeaders: { a: '1' },
        requestBody: 'first',
        responseStatus: 503,
        responseHeaders: { b: '2' },
        responseBody: 'busy',
        durationMs: 7,
        error: null,
        createdAt: new Date('2030-01-01T00:00:00Z'),
      }),
      expect.objectContaining({ attemptNumber: 2, requestBody: 'second', responseStatus: 200 }),
    ]);
    expect(await log.listAttempts('00000000-0000-4000-8000-000000000002')).toEqual([
      expect.objectContaining({ attemptNumber: 1, requestBody: 'only', error: 'ECONNRESET: x' }),
    ]);
    expect(await log.listAttempts('00000000-0000-4000-8000-000000000003')).toEqual([]);
    expect(await dataSource.query(`SELECT delivery_id, attempt_number FROM delivery_attempts`)).toEqual([
      { delivery_id: '00000000-0000-4000-8000-000000000001', attempt_number: 2 },
    ]);
    expect(await dataSource.query(`SELECT id FROM deliveries WHERE event IS NOT NULL`)).toEqual([
      { id: '00000000-0000-4000-8000-000000000001' },
    ]);
    expect(await log.findEvent('e1')).toEqual({ id: 'e1', type: 'TAG_PUSH' });
    expect(await log.findEvent('gone')).toBeNull();

    await undoDownTo('DeliveryOneRow1795490000000');
    expect(await dataSource.query(`SELECT id, event::text AS event FROM delivery_events`)).toEqual([
      { id: 'e1', event: '{"id":"e1","type":"TAG_PUSH"}' },
    ]);
    expect(
      await dataSource.query(
        `SELECT delivery_id, attempt_number, request_body, response_headers::text AS response_headers, created_at
         FROM delivery_attempts ORDER BY 1, 2`,
      ),
    ).toEqual([
      {
        delivery_id: '00000000-0000-4000-8000-000000000001',
        attempt_number: 1,
        request_body: 'first',
        response_headers: '{"b":"2"}',
        created_at: new Date('2030-01-01T00:00:00Z'),
      },
      expect.objectContaining({ attempt_number: 2, request_body: 'second' }),
      expect.objectContaining({ delivery_id: '00000000-0000-4000-8000-000000000002', request_body: 'only' }),
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('delivery request bodies: undone, each row that named a shared body gets its text back; redone cleanly', async () => {
    const [named, inline] = ['00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000b2'];
    await dataSource.query(
      `INSERT INTO delivery_request_bodies (id, body, used_at)
       VALUES (decode('bb', 'hex'), 'the shared body', '2030-01-01T00:00:00Z')`,
    );
    await dataSource.query(
      `INSERT INTO deliveries (id, event_id, subscription_id, event_type, webhook_id, status, attempts,
                               first_attempt_at, first_request_headers, first_request_body, first_request_body_id,
                               first_duration_ms)
       VALUES ($1, 'e1', 's1', 'TAG_PUSH', 'msg_1', 'succeeded', 1, now(), '{}', null, decode('bb', 'hex'), 1),
              ($2, 'e1', 's2', 'TAG_PUSH', 'msg_2', 'succeeded', 1, now(), '{}', 'its own', null, 1)`,
      [named, inline],
    );

    await undoDownTo('DeliveryRequestBodies1795560000000');
    expect(
      await dataSource.query(`SELECT id, first_request_body FROM deliveries WHERE id = ANY($1) ORDER BY id`, [
        [named, inline],
      ]),
    ).toEqual([
      { id: named, first_request_body: 'the shared body' },
      { id: inline, first_request_body: 'its own' },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await dataSource.query(`DELETE FROM deliveries WHERE id = ANY($1)`, [[named, inline]]);
  });

  it('access state: subscriptions already inactive get the reason unknown; undone and redone cleanly', async () => {
    await undoDownTo('AccessState1795450000000');
    await dataSource.query(
      `INSERT INTO subscriptions (id, api, event_types, endpoint, author_id, secret, inactive)
       VALUES ('on', 'dtr', '{TAG_PUSH}', 'https://example.com/a', gen_random_uuid(), 's', false),
              ('off', 'dtr', '{TAG_PUSH}', 'https://example.com/b', gen_random_uuid(), 's', true)`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query(`SELECT id, inactive_reason FROM subscriptions ORDER BY id`)).toEqual([
      { id: 'off', inactive_reason: 'unknown' },
      { id: 'on', inactive_reason: null },
    ]);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('subscription options: existing subscriptions get none and no previous secret; undone and redone cleanly', async () => {
    await undoDownTo('SubscriptionOptions1795460000000');
    await dataSource.query(
      `INSERT INTO subscriptions (id, api, event_types, endpoint, author_id, secret)
       VALUES ('before-options', 'dtr', '{TAG_PUSH}', 'https://example.com/c', gen_random_uuid(), 's')`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    expect(
      await dataSource.query(
        `SELECT options, previous_secret, previous_secret_expires_at FROM subscriptions WHERE id = 'before-options'`,
      ),
    ).toEqual([{ options: {}, previous_secret: null, previous_secret_expires_at: null }]);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('delivery recoveries: undone and redone cleanly', async () => {
    await undoDownTo('DeliveryRecoveries1795470000000');
    expect(await dataSource.query(`SELECT to_regclass('delivery_recoveries') AS t`)).toEqual([{ t: null }]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('repository objects and token origin: granted repositories become objects, tokens get who made them', async () => {
    await undoDownTo('RepositoryObjects1795472000000');
    await dataSource.query(
      `INSERT INTO accounts (id, name, is_admin) VALUES
         ('00000000-0000-4000-8000-0000000000c1', 'boss', true),
         ('00000000-0000-4000-8000-0000000000c2', 'tia', false)`,
    );
    await dataSource.query(
      `INSERT INTO api_tokens (account_id, token_hash, token_label, is_bootstrap) VALUES
         ('00000000-0000-4000-8000-0000000000c1', 'boot', 'ADMIN_TOKEN', true),
         ('00000000-0000-4000-8000-0000000000c2', 'own', 'laptop', false)`,
    );
    await dataSource.query(`INSERT INTO registry_repositories (namespace, name) VALUES ('acme', 'pushed')`);
    await dataSource.query(
      `INSERT INTO repository_access (namespace, repository, grantee_kind, grantee_id, access_level) VALUES
         ('acme', 'granted', 'user', '00000000-0000-4000-8000-0000000000c2', 'admin'),
         ('acme', 'pushed', 'user', '00000000-0000-4000-8000-0000000000c2', 'admin')`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    const repositories = await dataSource.query(
      `SELECT namespace, name, announced, id FROM registry_repositories WHERE namespace = 'acme' ORDER BY name`,
    );
    expect(repositories).toEqual([
      { namespace: 'acme', name: 'granted', announced: true, id: expect.any(String) },
      { namespace: 'acme', name: 'pushed', announced: true, id: expect.any(String) },
    ]);
    expect(repositories[0].id).not.toBe(repositories[1].id);
    expect(
      await dataSource.query(
        `SELECT token_hash, generated_by, expires_at FROM api_tokens WHERE token_hash IN ('boot', 'own') ORDER BY 1`,
      ),
    ).toEqual([
      { token_hash: 'boot', generated_by: 'ADMIN_TOKEN', expires_at: null },
      { token_hash: 'own', generated_by: 'tia', expires_at: null },
    ]);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
