import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 8002 and the embedded database in ./data', () => {
    expect(loadConfig({})).toEqual({
      port: 8002,
      webPort: 8003,
      publicApiUrl: undefined,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: resolve('data') },
      redisUrl: undefined,
      ingest: { maxBatch: 500, lanes: 2, scrubSecrets: true, readyMaxPending: 5000, limitPerAddress: 0 },
      projects: { autoCreate: true, perMinute: 60, max: 1000, apiAuth: 'registration' },
      graphiql: true,
      introspection: true,
      buildLogRetentionDays: 30,
      buildLogLimitPerAddress: 0,
      wsRecheckMs: 15_000,
      claimSweepIntervalMs: 2000,
      logLevel: 'info',
      logFormat: process.stdout.isTTY ? 'pretty' : 'json',
      logSql: false,
      sentryInfoLevel: 'WARNING',
      sentryOrgSlug: undefined,
      sourceMaps: { chunkBytes: 8 * 1024 * 1024, requestBytes: 32 * 1024 * 1024, bundleBytes: 64 * 1024 * 1024 },
      notify: {
        smtpUrl: undefined,
        smtpFrom: 'Log Center <logcenter@localhost>',
        dashboardUrl: undefined,
        batchDelayMs: 2000,
        retryBaseMs: 5000,
        maxAttempts: 5,
        intervalMs: 1000,
        timeoutMs: 10_000,
      },
      trustProxy: false,
      timeouts: { headersMs: 10_000, requestMs: 30_000 },
      retention: { days: 90, batchSize: 1000, pauseMs: 100, intervalMs: 3_600_000 },
      admin: { email: undefined, password: undefined, token: undefined },
      shutdownTimeoutMs: 10_000,
    });
  });

  it('never lets the headers take longer than the whole request', () => {
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '5000' }).timeouts).toEqual({
      headersMs: 5000,
      requestMs: 5000,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/logcenter', DB_POOL_SIZE: '20', PORT: '9000' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://u@db:5432/logcenter', poolSize: 20 });
    expect(config.port).toBe(9000);
  });

  it('uses Redis when REDIS_URL is set, and hides GraphiQL in production unless asked', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(() => loadConfig({ REDIS_URL: 'http://cache' })).toThrow(
      /REDIS_URL: must start with redis:\/\/ or rediss:\/\//,
    );
  });

  it('refuses a misspelt EMBEDDED_OPTIMIZING_COMPILER (bin/logcenter.js would silently ignore it)', () => {
    expect(() => loadConfig({ EMBEDDED_OPTIMIZING_COMPILER: 'yes' })).toThrow(/EMBEDDED_OPTIMIZING_COMPILER: /);
    expect(() => loadConfig({ EMBEDDED_OPTIMIZING_COMPILER: 'true' })).not.toThrow();
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it('reads TRUST_PROXY as a flag or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1');
  });

  it('takes admin addresses on single-label hosts, like the default admin@localhost', () => {
    expect(loadConfig({ ADMIN_EMAIL: 'ops@localhost' }).admin.email).toBe('ops@localhost');
    expect(() => loadConfig({ ADMIN_EMAIL: 'ops' })).toThrow(/ADMIN_EMAIL: must be an email address/);
  });

  it('writes JSON lines unless asked for readable ones (or on a terminal)', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT:/);
      expect((err as Error).message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
      expect((err as Error).message).toMatch(/LOG_LEVEL:/);
    }
  });
});
