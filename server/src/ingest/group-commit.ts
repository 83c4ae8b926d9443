// Group commit: items that arrive while a batch is being written wait for the next one,
// so under load one transaction (and one fsync) serves hundreds of reports, while a lone
// report is written at once. Each caller gets its own outcome or its own error.

export type GroupCommit<I, O> = {
  submit(item: I): Promise<O>;
  /** Items waiting for a batch or in the batch being written. */
  pending(): number;
};

type Waiting<I, O> = { item: I; resolve(value: O): void; reject(err: unknown): void };

/**
 * `write` stores a batch and returns one result per item, in order. When a batch of several
 * fails, each of its items is written alone, so that one report the database refuses fails
 * only its own request — unless `isolate(err)` says that the error is not about the items
 * (the database is down): then they all fail at once.
 */
export function createGroupCommit<I, O>(
  write: (items: I[]) => Promise<O[]>,
  maxBatch: number,
  isolate: (err: unknown) => boolean = () => true,
): GroupCommit<I, O> {
  const queue: Waiting<I, O>[] = [];
  let writing = 0;
  let scheduled = false;

  async function writeBatch(batch: Waiting<I, O>[]) {
    try {
      const results = await write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1 || !isolate(err)) return batch.forEach((w) => w.reject(err));
      await Promise.all(batch.map((w) => writeBatch([w])));
    }
  }

  function flush() {
    scheduled = false;
    if (writing || queue.length === 0) return;
    const batch = queue.splice(0, maxBatch);
    writing = batch.length;
    void writeBatch(batch).finally(() => {
      writing = 0;
      flush();
    });
  }

  return {
    pending: () => queue.length + writing,
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Wait for the end of this turn of the event loop: requests parsed in it go together.
        if (!scheduled && !writing) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
