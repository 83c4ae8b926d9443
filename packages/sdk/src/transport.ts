// Delivery: a bounded queue sent one report at a time, retried with backoff on network
// errors and 5xx, paused as long as a 429's Retry-After says. Nothing here throws.
export type Sender = (
  url: string,
  body: string,
  timeoutMs: number,
  headers: Record<string, string>,
) => Promise<{ status: number; retryAfter: string | null }>;

export const fetchSender: Sender = async (url, body, timeoutMs, headers) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      // text/plain keeps browsers from a CORS preflight; the server reads JSON either way.
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      body,
      signal: controller.signal,
      // Survives page unload in browsers (bodies up to 64 KiB).
      keepalive: body.length < 60_000,
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } finally {
    clearTimeout(timer);
  }
};

export type TransportOptions = {
  url: string;
  /** Sent with every report (the project key, when there is one). */
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  maxQueue: number;
  sender: Sender;
  debug: boolean;
};

/** Seconds or an HTTP date → milliseconds from now (at least 1 s, at most 10 min). */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  const seconds = Number(header);
  const ms =
    Number.isFinite(seconds) && header !== null && header.trim() !== ''
      ? seconds * 1000
      : Date.parse(header ?? '') - now;
  return Math.min(600_000, Math.max(1000, Number.isFinite(ms) ? ms : 60_000));
}

type Item = { body: string; attempts: number };

export class Transport {
  private readonly queue: Item[] = [];
  private sending = false;
  /** Nothing is sent before this time: a backoff after a failure, or a 429's Retry-After. */
  private pausedUntil = 0;
  private idle: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  dropped = 0;

  constructor(private readonly options: TransportOptions) {}

  get pending(): number {
    return this.queue.length + (this.sending ? 1 : 0);
  }

  enqueue(body: string) {
    if (this.queue.length >= this.options.maxQueue) {
      // Full: the oldest goes, so the newest (most useful) survive.
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push({ body, attempts: 0 });
    this.kick();
  }

  /** Hands everything waiting to `send` (e.g. sendBeacon on page unload); what it refuses stays. */
  drainWith(send: (body: string) => boolean) {
    while (this.queue.length && send(this.queue[0]!.body)) this.queue.shift();
    this.settle();
  }

  flush(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private log(message: string) {
    if (this.options.debug) console.warn(`[logcenter] ${message}`);
  }

  private settle() {
    if (this.pending === 0) for (const done of this.idle.splice(0)) done();
  }

  private kick() {
    if (this.sending || this.timer || this.queue.length === 0) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, wait);
      return;
    }
    void this.sendNext();
  }

  private async sendNext() {
    const item = this.queue.shift()!;
    this.sending = true;
    const { url, headers, timeoutMs, maxRetries, sender } = this.options;
    let retry = false;
    try {
      const { status, retryAfter } = await sender(url, item.body, timeoutMs, headers);
      if (status === 429) {
        this.pausedUntil = Date.now() + retryAfterMs(retryAfter);
        this.log(`rate limited; waiting ${Math.round((this.pausedUntil - Date.now()) / 1000)} s`);
        this.queue.unshift(item);
      } else {
        retry = status >= 500;
        if (status >= 400 && status < 500) this.log(`report refused with HTTP ${status}`);
      }
    } catch (err) {
      retry = true;
      this.log(`report not sent: ${(err as Error).message}`);
    }
    if (retry && item.attempts < maxRetries) {
      // Back in line, first; the pause is the backoff (0.5 s, 1 s, 2 s … with jitter).
      this.queue.unshift({ body: item.body, attempts: item.attempts + 1 });
      this.pausedUntil = Date.now() + Math.min(30_000, 500 * 2 ** item.attempts) * (0.75 + Math.random() / 2);
    } else if (retry) {
      this.dropped++;
    }
    this.sending = false;
    this.settle();
    this.kick();
  }
}
