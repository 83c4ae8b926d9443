// BUILD_LOG_LIMIT_PER_ADDRESS: a cap on the build-log writes one client address may send a
// minute, REST and the seed's print API counted together and apart from reports.
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { get, post, put } from '../helpers/http.ts';
import { expectRefusedPerAddress, untilRefused } from '../helpers/limits.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { buildPath, numberedLines } from '../testkit/seed.ts';

const LIMIT = 3;
const P = 'builds_limited';
const server = useServer({ BUILD_LOG_LIMIT_PER_ADDRESS: String(LIMIT), TRUST_PROXY: 'true' });
const from = (address: string) => ({ anonymous: true, headers: { 'x-forwarded-for': address } });

describe('build-log writes per client address', () => {
  it('are refused over the limit with 429 and Retry-After, storing nothing over it', async () => {
    const path = buildPath(P, 'Limited', String(Date.now()));
    const address = '203.0.113.21';
    const { passed, refused } = await untilRefused(
      () => post(server().url, `${path}/logs`, { lines: numberedLines(1, 2) }, from(address)),
      LIMIT,
    );
    expectRefusedPerAddress({ passed, refused }, LIMIT, 'build-log writes a minute from this address');
    // Statuses and the print API count against the same minute.
    expect((await put(server().url, `${path}/status`, { finished: true }, from(address))).status).toBe(429);
    const print = await post(
      server().url,
      '/api/v1/build/logs/print',
      { message: 'x' },
      {
        ...from(address),
        headers: {
          ...from(address).headers,
          'x-devops-project-id': P,
          'x-devops-pipeline-id': 'Limited',
          'x-devops-build-id': '1',
        },
      },
    );
    expect(print.status).toBe(429);
    // Nothing over the limit was stored; reading (with a token) is not limited.
    const read = await get(server().url, `${path}/logs`, { headers: { 'x-forwarded-for': address } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ lineCount: 2 * passed, status: 'RUNNING' });
  });

  it('count each address apart, and apart from reports', async () => {
    const path = buildPath(P, 'Apart', String(Date.now()));
    for (let i = 0; i < LIMIT + 2; i++)
      await post(server().url, `${path}/logs`, { message: 'x' }, from('203.0.113.22'));
    expect((await post(server().url, `${path}/logs`, { message: 'y' }, from('198.51.100.23'))).status).toBe(200);
    const report = await post(
      server().url,
      '/api/v1/logs/report',
      runtimeReport({ project_id: P }),
      from('203.0.113.22'),
    );
    expect(report.status).toBe(200);
  });
});
