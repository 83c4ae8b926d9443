// Environment → typed configuration, validated once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AdmissionConfig } from './projects/admission.ts';
import { emailSchema } from './email.ts';

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((s) => (s === '' ? undefined : s))
    .optional()
    .refine((s) => s === undefined || protocols.some((p) => s.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const envSchema = z.object({
  PORT: port.default(8002),
  WEB_PORT: port.default(8003),
  /** The API's URL as users reach it (behind a proxy), for the dashboard's onboarding snippets. */
  PUBLIC_API_URL: optionalUrl(['http://', 'https://']),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  DATA_DIR: z.string().default('./data'),
  /** Embedded database: keep V8's optimising WebAssembly compiler (faster, ~600 MB peaks). Read by bin/logcenter.js (scripts/node-flags.js) before the server starts; validated here. */
  EMBEDDED_OPTIMIZING_COMPILER: z.enum(['true', 'false']).default('false'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Group commit: reports per ingestion transaction at most. */
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Group commit: transactions in flight at once, each for its own share of the fingerprints. */
  INGEST_LANES: z.coerce.number().int().min(1).max(32).default(2),
  /** /readyz says "overloaded" while more requests than this wait for their reports to be stored. */
  READY_MAX_PENDING: z.coerce.number().int().min(1).default(5000),
  /** Reports a minute one client address may send (every report endpoint together); 0: no limit. */
  INGEST_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(0),
  /** `registration`: seed 000's clients read project metadata and register projects with no credential (fill unset fields only); `required`: READ and ADMIN. */
  PROJECT_API_AUTH: z.enum(['registration', 'required']).default('registration'),
  /** Whether a report for an unknown project creates it (the contract); false: 404, projects are added by admins. */
  AUTO_CREATE_PROJECTS: z.enum(['true', 'false']).default('true'),
  /** New projects a minute that reports may create, across the installation; 0: no limit. */
  AUTO_CREATE_PROJECTS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** Projects that reports may bring the installation to; 0: no limit. */
  MAX_PROJECTS: z.coerce.number().int().min(0).default(1000),
  /** The first admin, created on the first start of an empty installation (else a one-time password is logged). */
  ADMIN_EMAIL: emailSchema.optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** An admin API token to create at start (for automation); lct_ and at least 32 more characters. */
  ADMIN_TOKEN: z
    .string()
    .regex(/^lct_[A-Za-z0-9_-]{32,}$/, 'must be lct_ followed by at least 32 letters, digits, _ or -')
    .optional(),
  /** Replace secrets (passwords, tokens, card numbers…) in report contexts before storing them. */
  SCRUB_SECRETS: z.enum(['true', 'false']).default('true'),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  /** GraphiQL at /graphql; on unless NODE_ENV is production. */
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  /** Schema introspection and "did you mean" suggestions; as GRAPHIQL unless set. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  NODE_ENV: z.string().optional(),
  /** Occurrences older than this many days are deleted in the background; 0 keeps them for ever. */
  RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** Occurrences deleted per statement, and the time between two statements and two prunes. */
  RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(1000),
  RETENTION_PAUSE_MS: z.coerce.number().int().min(0).default(100),
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** Build logs are kept this many whole days (their partitions dropped after); 0 keeps them for ever. */
  BUILD_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  BUILD_LOG_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(0),
  /** How often an open WebSocket's token or session is checked again (revoked, ended, user disabled). */
  WS_RECHECK_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often each server looks for repair-agent claims whose lease ran out. */
  CLAIM_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  /** How Sentry events of level info or debug are stored (our levels stop at WARNING), or dropped. */
  SENTRY_INFO_LEVEL: z.enum(['WARNING', 'ERROR', 'CRITICAL', 'ignore']).default('WARNING'),
  /** sentry-cli's API answers for this organisation slug only; unset, for any slug. */
  SENTRY_ORG_SLUG: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,50}$/, 'must be letters, digits, - and _ (an organisation slug)')
    .optional(),
  /** The largest artifact bundle (source maps) sentry-cli may upload, in MiB. */
  SOURCE_MAP_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** Notifications: the SMTP server for email rules, e.g. smtp://user:pass@mail.example.com:587 */
  SMTP_URL: optionalUrl(['smtp://', 'smtps://']),
  SMTP_FROM: z.string().default('Log Center <logcenter@localhost>'),
  /** The dashboard's address as people reach it, for links in notifications. */
  DASHBOARD_URL: optionalUrl(['http://', 'https://']),
  /** Events within this many milliseconds of the first go into one message. */
  NOTIFY_BATCH_DELAY_MS: z.coerce.number().int().min(0).default(2000),
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NOTIFY_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Log every SQL statement at debug level. */
  LOG_SQL: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty`: readable lines; `json`: one JSON object a line. Unset: pretty on a terminal, else JSON. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Behind a load balancer: `true`, or the proxies' addresses/CIDRs (comma-separated). */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v)),
  /** Seconds that in-flight requests get to finish on SIGTERM before the process exits anyway. */
  SHUTDOWN_TIMEOUT: z.coerce.number().positive().default(10),
  /** A client must send a request's headers within this time… */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** …and the whole request within this one; slower clients get 408 and the connection closed. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
});

export type Config = {
  port: number;
  webPort: number;
  publicApiUrl: string | undefined;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  redisUrl: string | undefined;
  ingest: { maxBatch: number; lanes: number; scrubSecrets: boolean; readyMaxPending: number; limitPerAddress: number };
  projects: AdmissionConfig & { apiAuth: 'registration' | 'required' };
  graphiql: boolean;
  introspection: boolean;
  wsRecheckMs: number;
  claimSweepIntervalMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: 'json' | 'pretty';
  logSql: boolean;
  sentryInfoLevel: z.infer<typeof envSchema>['SENTRY_INFO_LEVEL'];
  sentryOrgSlug: string | undefined;
  sourceMaps: { chunkBytes: number; requestBytes: number; bundleBytes: number };
  notify: {
    smtpUrl: string | undefined;
    smtpFrom: string;
    dashboardUrl: string | undefined;
    batchDelayMs: number;
    retryBaseMs: number;
    maxAttempts: number;
    intervalMs: number;
    timeoutMs: number;
  };
  trustProxy: boolean | string;
  timeouts: { headersMs: number; requestMs: number };
  retention: RetentionConfig;
  /** Build logs older than this many days are dropped, a day at a time; 0 keeps them for ever. */
  buildLogRetentionDays: number;
  /** Build-log writes a minute per client address (0: no cap). */
  buildLogLimitPerAddress: number;
  admin: { email: string | undefined; password: string | undefined; token: string | undefined };
  shutdownTimeoutMs: number;
};

export type RetentionConfig = {
  /** Occurrences older than this many days are deleted; 0 keeps them for ever. */
  days: number;
  /** Occurrences deleted per statement. */
  batchSize: number;
  /** Time between two prunes, and between two batches of one. */
  intervalMs: number;
  pauseMs: number;
};

export class ConfigError extends Error {}

const MIB = 1024 * 1024;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    webPort: e.WEB_PORT,
    publicApiUrl: e.PUBLIC_API_URL?.replace(/\/+$/, ''),
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(e.DATA_DIR) },
    redisUrl: e.REDIS_URL,
    ingest: {
      maxBatch: e.INGEST_BATCH_MAX,
      lanes: e.INGEST_LANES,
      scrubSecrets: e.SCRUB_SECRETS === 'true',
      readyMaxPending: e.READY_MAX_PENDING,
      limitPerAddress: e.INGEST_LIMIT_PER_ADDRESS,
    },
    projects: {
      autoCreate: e.AUTO_CREATE_PROJECTS === 'true',
      perMinute: e.AUTO_CREATE_PROJECTS_PER_MINUTE,
      max: e.MAX_PROJECTS,
      apiAuth: e.PROJECT_API_AUTH,
    },
    graphiql: e.GRAPHIQL ? e.GRAPHIQL === 'true' : e.NODE_ENV !== 'production',
    introspection: e.GRAPHQL_INTROSPECTION
      ? e.GRAPHQL_INTROSPECTION === 'true'
      : e.GRAPHIQL
        ? e.GRAPHIQL === 'true'
        : e.NODE_ENV !== 'production',
    wsRecheckMs: e.WS_RECHECK_MS,
    claimSweepIntervalMs: e.CLAIM_SWEEP_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    logSql: e.LOG_SQL === 'true',
    sentryInfoLevel: e.SENTRY_INFO_LEVEL,
    sentryOrgSlug: e.SENTRY_ORG_SLUG,
    sourceMaps: { chunkBytes: 8 * MIB, requestBytes: 32 * MIB, bundleBytes: e.SOURCE_MAP_MAX_MB * MIB },
    notify: {
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM,
      dashboardUrl: e.DASHBOARD_URL?.replace(/\/+$/, ''),
      batchDelayMs: e.NOTIFY_BATCH_DELAY_MS,
      retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      intervalMs: e.NOTIFY_POLL_MS,
      timeoutMs: 10_000,
    },
    trustProxy: e.TRUST_PROXY,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD, token: e.ADMIN_TOKEN },
    retention: {
      days: e.RETENTION_DAYS,
      batchSize: e.RETENTION_BATCH,
      pauseMs: e.RETENTION_PAUSE_MS,
      intervalMs: e.RETENTION_INTERVAL_MS,
    },
    buildLogRetentionDays: e.BUILD_LOG_RETENTION_DAYS,
    buildLogLimitPerAddress: e.BUILD_LOG_LIMIT_PER_ADDRESS,
    timeouts: { headersMs: Math.min(e.HEADERS_TIMEOUT_MS, e.REQUEST_TIMEOUT_MS), requestMs: e.REQUEST_TIMEOUT_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT * 1000,
  };
}
