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
