// A browser signed in to the dashboard of a real server (`logcenter start`, PostgreSQL) that
// this test file owns: started once, restartable, and removed with its database at the end.
import type { Browser, Page } from 'playwright-core';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { spawnServer, type ServerProcess } from '../helpers/process.ts';
import { freePort } from '../setup/servers.ts';
import { TEST_ADMIN } from '../helpers/auth.ts';
import { launch, screenshots } from './browser.ts';

export type DashboardSession = {
  browser: Browser;
  page: Page;
  server: ServerProcess;
  api: () => string;
  web: (path?: string) => string;
  /** A full-page screenshot in tests/artifacts/screenshots/, for people to look at. */
  shot: (name: string) => Promise<Buffer>;
  /** Waits for the page's live connection. */
  live: () => Promise<void>;
  signIn: (on: Page, email: string, password: string) => Promise<void>;
  /** Starts the server again (after `server.stop()`), on the same ports and database. */
  start: () => Promise<void>;
  close: () => Promise<void>;
};

/** Servers a test asked to stop: their exit is expected. */
const stopping = new WeakSet<ServerProcess>();

export async function openDashboard(): Promise<DashboardSession> {
  const database: TestDatabase = await createDatabase();
  const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
  const session = {
    api: () => `http://127.0.0.1:${apiPort}`,
    web: (path = '/') => `http://127.0.0.1:${webPort}${path}`,
    async start() {
      const server = spawnServer(apiPort, { DATABASE_URL: database.url }, webPort);
      session.server = server;
      // A server that ends while its tests still use it says why: its last output goes to the test log.
      const stop = server.stop.bind(server);
      server.stop = () => {
        stopping.add(server);
        return stop();
      };
      void server.exit.then((code) => {
        if (!stopping.has(server))
          console.error(
            `the dashboard's server exited (${code}) on its own; its last output:\n${server.output().slice(-8000)}`,
          );
      });
      for (let i = 0; !server.output().includes('"event":"server.started"'); i++) {
        if (server.child.exitCode !== null || i === 300)
          throw new Error(`the server did not start:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async signIn(on: Page, email: string, password: string) {
      await on.goto(session.web('/login'));
      await on.getByLabel('Email').fill(email);
      await on.getByLabel('Password').fill(password);
      await on.getByRole('button', { name: 'Sign in' }).click();
    },
    shot: (name: string) => session.page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true }),
    live: () => session.page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor(),
    async close() {
      await session.browser?.close();
      await session.server?.stop();
      await database.drop();
    },
  } as DashboardSession;
  await session.start();
  session.browser = await launch();
  session.page = await session.browser.newPage({ viewport: { width: 1280, height: 860 } });
  session.page.on('pageerror', (err) => console.error('page error:', err));
  await session.signIn(session.page, TEST_ADMIN.email, TEST_ADMIN.password);
  await session.page.waitForURL((url) => url.pathname !== '/login');
  return session;
}
