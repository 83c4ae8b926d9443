// Sending a report to Log Center from the command-line reporters.
export const serverUrl = () => (process.env.LOG_CENTER_URL ?? 'http://localhost:8002').replace(/\/+$/, '');

/** LOG_CENTER_KEY: the project key, for projects that accept reports only with one. */
function keyHeader(): Record<string, string> {
  const key = process.env.LOG_CENTER_KEY?.trim();
  return key ? { 'x-log-center-key': key } : {};
}

export type SendResult = { ok: true; status: number; body: string } | { ok: false; error: string; retryable: boolean };

/** POSTs one report; a 4xx is final (the report is wrong), network errors and 5xx may be retried. */
export async function postReport(report: unknown, { timeoutMs }: { timeoutMs: number }): Promise<SendResult> {
  try {
    const res = await fetch(`${serverUrl()}/api/v1/logs/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...keyHeader() },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    if (res.ok) return { ok: true, status: res.status, body };
    return { ok: false, error: `HTTP ${res.status}: ${body}`, retryable: res.status >= 500 || res.status === 429 };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    return { ok: false, error: cause?.message ?? (err as Error).message, retryable: true };
  }
}
