// The real server, in this process, on a free port, with its own clean database.
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/log.ts';
import { createDatabase, type TestDatabase } from './database.ts';
import { adminEnv } from './auth.ts';

export type TestServer = { url: string; webUrl: string; app: App; database: TestDatabase; stop(): Promise<void> };

/** `shared`: a database of the caller's (another replica's), which `stop` leaves alone. */
export async function startServer(env: Record<string, string> = {}, shared?: TestDatabase): Promise<TestServer> {
  const database = shared ?? (await createDatabase());
  const config = loadConfig({
    PORT: '0',
    WEB_PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DB_POOL_SIZE: '5',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // Tests make many projects quickly; the tests of these limits set their own.
    AUTO_CREATE_PROJECTS_PER_MINUTE: '0',
    MAX_PROJECTS: '0',
    // Tests report fixed dates, which must stay storable as the calendar moves on: a server
    // with retention stores reports dated before it at their time of receipt.
    RETENTION_DAYS: '0',
    ...adminEnv,
    ...env,
  });
  const app = await buildApp(config, createLogger(config.logLevel));
  const { api: url, web: webUrl } = await app.start();
  return {
    url,
    webUrl,
    app,
    database,
    async stop() {
      await app.stop();
      if (!shared) await database.drop();
    },
  };
}

/** A server for the whole test file: `const server = useServer();` then `server().url`. */
export function useServer(env?: Record<string, string>): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the server is not started yet: call it inside a test or hook');
    return server;
  };
}
