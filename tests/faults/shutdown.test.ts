// SIGTERM while everything a real installation has is connected — dashboards in a browser,
// graphql-ws subscribers on both ports, a client that never answers the close frame, a
// request that never finishes arriving — and reports under load: the process exits 0 well
// inside its timeout, every time, with every acknowledged report stored. An orchestrator
// must never see a restart that looks like a crash.
import { connect } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { adminAuthorization, TEST_ADMIN } from '../helpers/auth.ts';
import { missing, startLoad, storedSeqs, waitFor } from '../helpers/load.ts';
import { launch } from '../e2e/browser.ts';

let database: TestDatabase;
let browser: Browser;
beforeAll(async () => {
  [database, browser] = await Promise.all([createDatabase(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await database?.drop();
});

const dashboardUrl = (server: ServerProcess) =>
  server
    .output()
    .match(/"dashboard":"(http:\/\/[^"]+)"/)![1]!
    .replace('0.0.0.0', '127.0.0.1');

function subscriber(base: string): Promise<Client> {
  const client = createClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: adminAuthorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
  client.subscribe(
    { query: 'subscription { issueEvents { kind } }' },
    { next: () => {}, error: () => {}, complete: () => {} },
  );
  return new Promise((resolve) => client.on('connected', () => resolve(client)));
}

/** A graphql-ws connection that, once acknowledged, reads nothing more: it never answers a close frame. */
function deafClient(base: string): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: adminAuthorization } })),
    );
    ws.on('message', () => {
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(ws);
    });
  });
}

/** A report whose body never finishes arriving. */
function halfSentRequest(base: string) {
  const { port } = new URL(base);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `POST /api/v1/logs/report HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"project_id":`,
  );
  return socket;
}

describe('SIGTERM with everything connected', { timeout: 180_000 }, () => {
  for (const round of [1, 2, 3]) {
    it(`exits 0 in under 3 s, every acknowledged report stored (round ${round})`, async () => {
      const server = await startServerProcess({ DATABASE_URL: database.url, DB_POOL_SIZE: '4' });
      const web = dashboardUrl(server);
      const context = await browser.newContext();
      const sockets: { close(): void }[] = [];
      try {
        // A signed-in dashboard, live.
        const page = await context.newPage();
        await page.goto(`${web}/login`);
        await page.getByLabel('Email').fill(TEST_ADMIN.email);
        await page.getByLabel('Password').fill(TEST_ADMIN.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        await page.goto(`${web}/issues`);
        await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

        const clients = await Promise.all([
          subscriber(server.url),
          subscriber(server.url),
          subscriber(web),
          subscriber(web),
        ]);
        sockets.push(...clients.map((c) => ({ close: () => void c.dispose() })));
        sockets.push(await deafClient(server.url), await deafClient(web));
        const halfSent = [halfSentRequest(server.url), halfSentRequest(web)];
        sockets.push(...halfSent.map((socket) => ({ close: () => socket.destroy() })));

        const project = `shutdown_${round}`;
        const load = startLoad(server.url, project, 8);
        await waitFor(() => load.result.acknowledged.size >= 100, 20_000, 'reports before SIGTERM');
        const started = Date.now();
        const code = await server.stop();
        const tookMs = Date.now() - started;
        const result = await load.stop();

        expect({ code, under3s: tookMs < 3000 }, `took ${tookMs} ms\n${server.output().slice(-3000)}`).toEqual({
          code: 0,
          under3s: true,
        });
        expect(server.output()).toContain('"event":"server.stopped"');
        expect(missing(result.acknowledged, await storedSeqs(database.url, project))).toEqual([]);
      } finally {
        for (const s of sockets) s.close();
        await context.close();
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    });
  }
});
