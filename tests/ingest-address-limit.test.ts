// INGEST_LIMIT_PER_ADDRESS: for an API facing the internet with open ingestion, a cap on the
// reports one client address may send a minute. Behind a proxy (TRUST_PROXY) the address is
// the client's, so clients behind one proxy do not share a count.
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { get, post } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';
import { expectRefusedPerAddress, untilRefused } from './helpers/limits.ts';

const LIMIT = 3;
const server = useServer({ INGEST_LIMIT_PER_ADDRESS: String(LIMIT), TRUST_PROXY: 'true' });
const occurrences = (projectId: string) => server().app.db.prisma.occurrence.count({ where: { issue: { projectId } } });
const send = (projectId: string, address: string) =>
  post(server().url, '/api/v1/logs/report', runtimeReport({ project_id: projectId }), {
    headers: { 'x-forwarded-for': address },
  });

describe('reports per client address', () => {
  it('are refused over the limit with 429 and Retry-After, storing nothing over it', async () => {
    const outcome = await untilRefused(() => send('address_limited', '203.0.113.7'), LIMIT);
    expectRefusedPerAddress(outcome, LIMIT, 'reports a minute from this address');
    expect(await occurrences('address_limited')).toBe(outcome.passed);
  });

  it('count each address apart, and leave reading alone', async () => {
    for (let i = 0; i < LIMIT + 2; i++) await send('address_spent', '203.0.113.8');
    expect((await send('address_other', '198.51.100.9')).status).toBe(200);
    expect(
      (await get(server().url, '/api/v1/projects', { headers: { 'x-forwarded-for': '203.0.113.8' } })).status,
    ).toBe(200);
  });
});
