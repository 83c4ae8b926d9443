import { afterEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createLogger } from '../log.ts';
import { startCheckpoints, walSinceCheckpoint } from './pglite-checkpoints.ts';

describe('embedded database checkpoints', () => {
  let client: PGlite | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it('checkpoint once enough WAL has been written, and not before', async () => {
    client = await PGlite.create();
    const stop = startCheckpoints(client, createLogger('silent'), { maxWalBytes: 4 * 2 ** 20, intervalMs: 20 });
    try {
      await client.exec('CREATE TABLE filler (body text)');
      await client.exec(`INSERT INTO filler SELECT md5(g::text) FROM generate_series(1, 1000) g`);
      await new Promise((r) => setTimeout(r, 100));
      const small = await walSinceCheckpoint(client);
      expect(small).toBeGreaterThan(32 * 1024);
      // About 10 MB of incompressible rows: past the 4 MB limit.
      await client.exec(
        `INSERT INTO filler SELECT (SELECT string_agg(md5(g::text || n), '') FROM generate_series(1, 32) n) FROM generate_series(1, 10000) g`,
      );
      await expect.poll(() => walSinceCheckpoint(client!), { timeout: 5000, interval: 20 }).toBeLessThan(4 * 2 ** 20);
    } finally {
      await stop();
    }
  });
});
