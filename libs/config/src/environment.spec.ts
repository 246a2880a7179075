import { ConfigurationError, loadConfig } from './index';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ...base });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'hookyard' });
    expect(config.ports).toEqual({ gateway: 3000, ingest: 3001, worker: 3002, dispatcher: 3003 });
    expect(config.admin.username).toBe('admin');
    expect(config.delivery.retryScheduleMs).toEqual([
      5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000,
    ]);
    expect(config.delivery.timeoutMs).toBe(10000);
    expect(config.ingest.bodyLimitBytes).toBe(1048576);
  });

  it('names every bad variable in one error', () => {
    const load = () =>
      loadConfig({ DATABASE_URL: 'mysql://x', GATEWAY_PORT: 'abc', DELIVERY_RETRY_SCHEDULE: '5x' });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(load).toThrow(/GATEWAY_PORT.*got "abc"/);
    expect(load).toThrow(/DELIVERY_RETRY_SCHEDULE/);
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL must be set/);
  });

  it('maps ingest tokens to producer names and hides secrets in errors', () => {
    const config = loadConfig({
      ...base,
      INGEST_TOKEN: 'registry-token-0123456789',
      INGEST_TOKENS: 'scanner:scanner-token-0123456789, ci:ci-token-0123456789abc',
    });
    expect([...config.ingest.tokens.entries()]).toEqual([
      ['registry-token-0123456789', 'distribution'],
      ['scanner-token-0123456789', 'scanner'],
      ['ci-token-0123456789abc', 'ci'],
    ]);
    expect(() => loadConfig({ ...base, ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN.*\*\*\*/);
  });

  it('refuses credentials in REGISTRY_URL without echoing them, nor those of any other URL', () => {
    expect(loadConfig({ ...base, REGISTRY_URL: 'https://registry.example.com:5000/' }).registry.url).toBe(
      'https://registry.example.com:5000',
    );
    let message = '';
    try {
      loadConfig({
        DATABASE_URL: 'mysql://dbuser:db-secret@db',
        REGISTRY_URL: 'http://pusher:registry-secret@registry:5000',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/REGISTRY_URL must be http\(s\):\/\/host\[:port\], without user:password@/);
    expect(message).toMatch(/got "http:\/\/\*\*\*@registry:5000"/);
    expect(message).not.toMatch(/secret/);
  });

  it('reads the delivery limits, health and log settings with their defaults', () => {
    expect(loadConfig(base).delivery).toMatchObject({
      endpointConcurrency: 16,
      batchSize: 100,
      disableAfterFailures: 5,
      maxBodyBytes: 1048576,
      logRetentionMs: 30 * 86_400_000,
      lockDurationMs: 30_000,
    });
    const day = 86_400_000;
    // Kept as long as the delivery log: it holds delivered events, pruned 2 h after the deliveries.
    expect(loadConfig(base).eventLog).toEqual({
      retentionMs: 30 * day,
      holdsDeliveredEvents: true,
      pruneAfterMs: 30 * day + 2 * 3600_000,
    });
    expect(loadConfig({ ...base, EVENT_LOG_RETENTION: '40d' }).eventLog).toEqual({
      retentionMs: 40 * day,
      holdsDeliveredEvents: true,
      pruneAfterMs: 40 * day,
    });
    expect(loadConfig({ ...base, EVENT_LOG_RETENTION: '7d' }).eventLog).toEqual({
      retentionMs: 7 * day,
      holdsDeliveredEvents: false,
      pruneAfterMs: 7 * day,
    });
    expect(loadConfig({ ...base, EVENT_LOG_RETENTION: '0' }).eventLog).toEqual({
      retentionMs: 0,
      holdsDeliveredEvents: false,
      pruneAfterMs: 0,
    });
    expect(() => loadConfig({ ...base, EVENT_LOG_RETENTION: 'always' })).toThrow(
      /EVENT_LOG_RETENTION must be a duration/,
    );
    const load = () =>
      loadConfig({
        ...base,
        DELIVERY_ENDPOINT_CONCURRENCY: '0',
        DELIVERY_DISABLE_AFTER_FAILURES: 'many',
        DELIVERY_LOG_RETENTION: 'forever',
        DELIVERY_BATCH_SIZE: '2.5',
      });
    expect(load).toThrow(/DELIVERY_ENDPOINT_CONCURRENCY.*got "0"/);
    expect(load).toThrow(/DELIVERY_DISABLE_AFTER_FAILURES must be a whole number/);
    expect(load).toThrow(/DELIVERY_LOG_RETENTION must be a duration/);
    expect(load).toThrow(/DELIVERY_BATCH_SIZE must be a whole number/);
  });

  it('reads SECRETS_ENCRYPTION_KEY as 32 bytes of base64 or hex, and never echoes a bad one', () => {
    expect(loadConfig(base).secrets.encryptionKey).toBeUndefined();
    const bytes = Buffer.alloc(32, 7);
    expect(
      loadConfig({ ...base, SECRETS_ENCRYPTION_KEY: bytes.toString('base64') }).secrets.encryptionKey,
    ).toEqual(bytes);
    expect(
      loadConfig({ ...base, SECRETS_ENCRYPTION_KEY: bytes.toString('hex') }).secrets.encryptionKey,
    ).toEqual(bytes);
    const load = () => loadConfig({ ...base, SECRETS_ENCRYPTION_KEY: 'too-short-key-material' });
    expect(load).toThrow(/SECRETS_ENCRYPTION_KEY must be 32 bytes in base64 or hex.*got "\*\*\*"/);
    expect(load).not.toThrow(/too-short/);
  });

  it('reads a Redis Cluster: seed nodes, and a hash-tagged prefix (by default {hookyard})', () => {
    const config = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-0:6379, 10.0.0.2:7000' });
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      clusterNodes: [
        { host: 'redis-0', port: 6379 },
        { host: '10.0.0.2', port: 7000 },
      ],
      prefix: '{hookyard}',
    });
    expect(loadConfig({ ...base, REDIS_PREFIX: 'acme-{hooks}' }).redis.prefix).toBe('acme-{hooks}');
    expect(() =>
      loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-0:6379', REDIS_PREFIX: 'hookyard' }),
    ).toThrow(/REDIS_PREFIX must hold a hash tag such as \{hookyard\} with REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ ...base, REDIS_PREFIX: '{a}{b}' })).toThrow(/one hash tag/);
    expect(() => loadConfig({ ...base, REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX may only contain/);
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-0' })).toThrow(
      /REDIS_CLUSTER_NODES must be host:port pairs separated by commas \(got "redis-0"\)/,
    );
  });

  it('reads the abuse limits, the metrics port and the trusted proxies', () => {
    const defaults = loadConfig(base);
    expect(defaults.throttle).toEqual({
      authFailuresPerUser: { limit: 10, windowMs: 300_000 },
      authFailuresPerIp: { limit: 100, windowMs: 300_000 },
      testSends: { limit: 20, windowMs: 60_000 },
      redeliveries: { limit: 60, windowMs: 60_000 },
    });
    expect(defaults.metricsPort).toBeUndefined();
    expect(defaults.trustProxy).toBe(false);
    const set = loadConfig({ ...base, METRICS_PORT: '9464', TRUST_PROXY: '1', THROTTLE_TEST_SENDS: '5/30s' });
    expect(set).toMatchObject({
      metricsPort: 9464,
      trustProxy: 1,
      throttle: { testSends: { limit: 5, windowMs: 30_000 } },
    });
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    const load = () => loadConfig({ ...base, THROTTLE_REDELIVERIES: 'often', METRICS_PORT: 'x' });
    expect(load).toThrow(/THROTTLE_REDELIVERIES must be count\/duration/);
    expect(load).toThrow(/METRICS_PORT must be a port number/);
  });

  it('reads the caps on subscriptions per account: 1000 active and 10000 in all by default, 0 for none', () => {
    expect(loadConfig(base).subscriptions).toEqual({ perAccount: 1000, storedPerAccount: 10000 });
    expect(
      loadConfig({ ...base, SUBSCRIPTIONS_PER_ACCOUNT: '0', SUBSCRIPTIONS_STORED_PER_ACCOUNT: '0' })
        .subscriptions,
    ).toEqual({ perAccount: 0, storedPerAccount: 0 });
    for (const variable of ['SUBSCRIPTIONS_PER_ACCOUNT', 'SUBSCRIPTIONS_STORED_PER_ACCOUNT']) {
      for (const bad of ['-1', 'lots', '2.5']) {
        expect(() => loadConfig({ ...base, [variable]: bad })).toThrow(
          new RegExp(`${variable} must be a whole number \\(0: no cap\\) \\(got "${bad}"\\)`),
        );
      }
    }
  });

  it('never shows a credential of a bad URL', () => {
    const load = () => loadConfig({ DATABASE_URL: 'mysql://hookyard:s3cret-pw@db:3306/x' });
    expect(load).toThrow(/got "mysql:\/\/\*\*\*@db:3306\/x"/);
    expect(load).not.toThrow(/s3cret-pw/);
  });

  describe('in production (NODE_ENV=production)', () => {
    const strong = 'x'.repeat(32);
    const production = { ...base, NODE_ENV: 'production', ADMIN_TOKEN: strong, INGEST_TOKEN: `i${strong}` };

    it('accepts tokens of 32 characters or more', () => {
      expect(loadConfig(production).admin.token).toBe(strong);
    });

    it.each([
      ['ADMIN_TOKEN', { ADMIN_TOKEN: 'change-me-admin-token' }, /ADMIN_TOKEN is a documented placeholder/],
      [
        'INGEST_TOKEN',
        { INGEST_TOKEN: 'change-me-ingest-token' },
        /INGEST_TOKEN is a documented placeholder/,
      ],
      [
        'a long placeholder',
        { ADMIN_TOKEN: `change-me-${strong}` },
        /ADMIN_TOKEN is a documented placeholder/,
      ],
      [
        'a short ADMIN_TOKEN',
        { ADMIN_TOKEN: 'sixteen-chars-ok-but-short' },
        /ADMIN_TOKEN must be at least 32 characters/,
      ],
      [
        'a short INGEST_TOKEN',
        { INGEST_TOKEN: 'i'.repeat(31) },
        /INGEST_TOKEN must be at least 32 characters/,
      ],
      [
        'a short INGEST_TOKENS token',
        { INGEST_TOKENS: `ci:${strong},scanner:short-token-0123` },
        /INGEST_TOKENS \(token of scanner\) must be at least 32/,
      ],
      [
        'a placeholder registry password',
        { REGISTRY_PASSWORD: 'change-me' },
        /REGISTRY_PASSWORD is a documented placeholder/,
      ],
      [
        'a placeholder database password',
        { DATABASE_URL: 'postgres://hookyard:change-me@db:5432/hookyard' },
        /DATABASE_URL holds a documented placeholder password/,
      ],
    ])('refuses %s, naming the variable', (_, override, message) => {
      const load = () => loadConfig({ ...production, ...override });
      expect(load).toThrow(ConfigurationError);
      expect(load).toThrow(message);
    });

    it('leaves the placeholders to development and tests', () => {
      expect(() =>
        loadConfig({ ...production, NODE_ENV: 'development', ADMIN_TOKEN: 'change-me-admin-token' }),
      ).not.toThrow();
    });
  });
});
