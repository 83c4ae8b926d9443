// Slow and oversized clients are cut off at the HTTP layer, before they can hold a
// connection or memory for long, and nothing they half-sent is stored.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { runtimeReport } from './helpers/fixtures.ts';

const server = useServer({ HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1500' });

/** Writes `parts` to a raw connection, `gapMs` apart; resolves with what the server answered and when. */
function rawExchange(parts: string[], gapMs: number): Promise<{ response: string; ms: number }> {
  const { hostname, port } = new URL(server().url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (response += d));
    socket.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, ms: Date.now() - started });
    });
    const writeNext = (i: number) => {
      if (i >= parts.length || socket.destroyed) return;
      socket.write(parts[i]!);
      timer = setTimeout(() => writeNext(i + 1), gapMs);
    };
    writeNext(0);
  });
}

const occurrences = () => server().app.db.prisma.occurrence.count();

describe('a client that sends its headers too slowly', () => {
  it('gets 408 and the connection closed after HEADERS_TIMEOUT_MS', async () => {
    const header = 'POST /api/v1/logs/report HTTP/1.1\r\nHost: x\r\n';
    const drip = Array.from({ length: 40 }, (_, i) => `X-Drip-${i}: 1\r\n`);
    const { response, ms } = await rawExchange([header, ...drip], 100);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3000);
  });
});

describe('a client that sends its body too slowly', () => {
  it('gets 408 after REQUEST_TIMEOUT_MS and nothing is stored', async () => {
    const before = await occurrences();
    const body = JSON.stringify(runtimeReport({ project_id: 'slow_body' }));
    const head = `POST /api/v1/logs/report HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const chunks = body.match(/.{1,8}/gs)!;
    const { response, ms } = await rawExchange([head, ...chunks], 200);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(5000);
    expect(await occurrences()).toBe(before);
  });
});

describe('headers over 16 KiB', () => {
  it('get 431', async () => {
    const res = await fetch(`${server().url}/api/v1/logs/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-padding': 'p'.repeat(17 * 1024) },
      body: JSON.stringify(runtimeReport({ project_id: 'big_headers' })),
    });
    expect(res.status).toBe(431);
  });

  it('just under the cap are served', async () => {
    const res = await fetch(`${server().url}/api/v1/logs/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-padding': 'p'.repeat(15 * 1024) },
      body: JSON.stringify(runtimeReport({ project_id: 'big_headers' })),
    });
    expect(res.status).toBe(200);
  });
});

describe('the dashboard port', () => {
  it('has the same header limit', async () => {
    const res = await fetch(`${server().webUrl}/`, { headers: { 'x-padding': 'p'.repeat(17 * 1024) } });
    expect(res.status).toBe(431);
  });
});
