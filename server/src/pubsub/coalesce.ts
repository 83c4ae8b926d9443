// Rate-limits a stream of values per key: the first value of a quiet key passes at once,
// later ones within the window are folded into the newest, which passes when the window
// ends. So a hot key yields at most one value per window, and the last value is never lost.
export class Coalescer<K, V> {
  private readonly windows = new Map<K, { pending?: V; timer: NodeJS.Timeout }>();

  constructor(
    private readonly windowMs: number,
    private readonly emit: (value: V) => void,
  ) {}

  offer(key: K, value: V): void {
    const window = this.windows.get(key);
    if (window) {
      window.pending = value;
      return;
    }
    this.emit(value);
    this.open(key);
  }

  /** Forgets the value waiting for `key`, e.g. because a newer one went out another way. */
  drop(key: K): void {
    const window = this.windows.get(key);
    if (window) delete window.pending;
  }

  private open(key: K) {
    const timer = setTimeout(() => {
      const window = this.windows.get(key);
      this.windows.delete(key);
      if (window?.pending !== undefined) {
        this.emit(window.pending);
        this.open(key);
      }
    }, this.windowMs);
    timer.unref();
    this.windows.set(key, { timer });
  }

  /** Stops all windows; values still pending are dropped. */
  close(): void {
    for (const { timer } of this.windows.values()) clearTimeout(timer);
    this.windows.clear();
  }
}
