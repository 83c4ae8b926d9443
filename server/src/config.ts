// Environment → typed configuration, validated once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';

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
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  DATA_DIR: z.string().default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Behind a load balancer: `true`, or the proxies' addresses/CIDRs (comma-separated). */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v)),
  /** Seconds that in-flight requests get to finish on SIGTERM before the process exits anyway. */
  SHUTDOWN_TIMEOUT: z.coerce.number().positive().default(10),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean | string;
  shutdownTimeoutMs: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(e.DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT * 1000,
  };
}
