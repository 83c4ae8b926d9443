// Sending to Log Center from the command-line reporters.
export const serverUrl = () => (process.env.LOG_CENTER_URL ?? 'http://localhost:8002').replace(/\/+$/, '');

/** LOG_CENTER_KEY: the project key, for projects that accept reports only with one. */
function keyHeader(): Record<string, string> {
  const key = process.env.LOG_CENTER_KEY?.trim();
  return key ? { 'x-log-center-key': key } : {};
}

export type SendResult = { ok: true; status: number; body: string } | { ok: false; error: string; retryable: boolean };

/** A request to Log Center's API, as it is sent and as it waits on disk when it cannot be. */
export type ApiRequest = { method: 'POST' | 'PUT'; path: string; body: unknown };

/** Sends one request; a 4xx is final (the request is wrong), network errors, 429 and 5xx may be retried. */
export async function send(
  { method, path, body }: ApiRequest,
  { timeoutMs }: { timeoutMs: number },
): Promise<SendResult> {
  try {
    const res = await fetch(`${serverUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...keyHeader() },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.ok) return { ok: true, status: res.status, body: text };
    return { ok: false, error: `HTTP ${res.status}: ${text}`, retryable: res.status >= 500 || res.status === 429 };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    return { ok: false, error: cause?.message ?? (err as Error).message, retryable: true };
  }
}

export const reportRequest = (report: unknown): ApiRequest => ({
  method: 'POST',
  path: '/api/v1/logs/report',
  body: report,
});

/** POSTs one report to the contract's endpoint. */
export const postReport = (report: unknown, options: { timeoutMs: number }) => send(reportRequest(report), options);
