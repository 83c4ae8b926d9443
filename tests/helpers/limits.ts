import { expect } from 'vitest';
// Driving a per-minute limit until it refuses. A limit's minute starts with its first event,
// so exactly `limit` pass; the helper still stops after twice that, so that a limit that never
// refuses fails the test instead of hanging it.

/** Sends while the answer is `passing`, at most 2 × `limit` + 1 times; how many passed, and the first that did not. */
export async function untilRefused<R extends { status: number }>(
  send: () => Promise<R>,
  limit: number,
  passing = 200,
): Promise<{ passed: number; refused: R | undefined }> {
  for (let passed = 0; passed <= 2 * limit; passed++) {
    const res = await send();
    if (res.status !== passing) return { passed, refused: res };
  }
  return { passed: 2 * limit + 1, refused: undefined };
}

/**
 * What `untilRefused` gives for a limit of requests a minute from one address: between `limit`
 * and twice that passed (a minute may turn over), and then 429 `rate_limited` naming `what`,
 * with a Retry-After.
 */
export function expectRefusedPerAddress(
  { passed, refused }: { passed: number; refused: { status: number; body: unknown; headers: Headers } | undefined },
  limit: number,
  what: string,
) {
  expect(refused?.status).toBe(429);
  expect(refused?.body).toMatchObject({ error: 'rate_limited', message: expect.stringContaining(what) });
  expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(passed).toBeGreaterThanOrEqual(limit);
  expect(passed).toBeLessThanOrEqual(2 * limit);
}
