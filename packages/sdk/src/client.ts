// The Log Center client: turns errors and messages into reports of the ingestion contract
// and hands them to the transport. Every public method swallows its own failures — an
// error reporter must never become the error.
import { debugImages, location, stackLines } from './stack.ts';
import { fetchSender, Transport, type Sender } from './transport.ts';

export const SDK_VERSION = '0.1.0';

export type Level = 'WARNING' | 'ERROR' | 'CRITICAL';
export type Breadcrumb = {
  message: string;
  category?: string;
  level?: Level;
  data?: Record<string, unknown>;
  timestamp?: string;
};

/** A report as the ingestion contract has it (POST /api/v1/logs/report). */
export type Report = {
  project_id: string;
  environment: string;
  level: Level;
  source: 'runtime';
  timestamp: string;
  version?: string;
  commit_hash?: string;
  error: { type: string; message: string; file_path: string | null; line_number: number | null; stack_trace: string[] };
  context: Record<string, unknown>;
};

export type Options = {
  /** Log Center's API, e.g. https://logs.example.com */
  url: string;
  projectId: string;
  /**
   * The project key, for a project that accepts reports only with one (sent as
   * X-Log-Center-Key; from a browser it costs a CORS preflight).
   */
  key?: string;
  environment?: string;
  release?: string;
  commitHash?: string;
  /** Change a report, or return null to drop it. */
  beforeSend?: (report: Report) => Report | null | Promise<Report | null>;
  /** Added to every report's context. */
  context?: Record<string, unknown>;
  timeoutMs?: number;
  maxRetries?: number;
  maxQueue?: number;
  maxBreadcrumbs?: number;
  /** Install handlers for uncaught errors and unhandled rejections (default true). */
  captureUnhandled?: boolean;
  debug?: boolean;
  /** How reports travel; fetch by default. */
  sender?: Sender;
};

/** Source-map debug ids of the app's bundles, when it has any (sentry-cli sourcemaps inject). */
function debugMeta(): { debug_meta?: { images: ReturnType<typeof debugImages> } } {
  const images = debugImages();
  return images.length ? { debug_meta: { images } } : {};
}

function describe(value: unknown): { type: string; message: string; stack?: string } {
  if (value instanceof Error)
    return { type: value.name || value.constructor?.name || 'Error', message: value.message, stack: value.stack };
  if (value && typeof value === 'object' && 'message' in value) {
    const v = value as { name?: unknown; message: unknown; stack?: unknown };
    return {
      type: typeof v.name === 'string' ? v.name : 'Error',
      message: String(v.message),
      stack: typeof v.stack === 'string' ? v.stack : undefined,
    };
  }
  let message: string;
  try {
    message = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    message = String(value);
  }
  return { type: 'NonError', message };
}

export class LogCenterClient {
  readonly options: Required<
    Pick<Options, 'url' | 'projectId' | 'environment' | 'timeoutMs' | 'maxRetries' | 'maxQueue' | 'maxBreadcrumbs'>
  > &
    Options;
  readonly transport: Transport;
  private breadcrumbs: Breadcrumb[] = [];
  /** Reports still in beforeSend; flush waits for them too. */
  private preparing = new Set<Promise<void>>();

  constructor(options: Options) {
    this.options = {
      environment: 'production',
      timeoutMs: 3000,
      maxRetries: 3,
      maxQueue: 100,
      maxBreadcrumbs: 50,
      ...options,
    };
    this.transport = new Transport({
      url: `${this.options.url.replace(/\/+$/, '')}/api/v1/logs/report`,
      headers: options.key ? { 'x-log-center-key': options.key } : {},
      timeoutMs: this.options.timeoutMs,
      maxRetries: this.options.maxRetries,
      maxQueue: this.options.maxQueue,
      sender: options.sender ?? fetchSender,
      debug: !!options.debug,
    });
  }

  addBreadcrumb(crumb: Breadcrumb) {
    try {
      this.breadcrumbs.push({ timestamp: new Date().toISOString(), ...crumb });
      if (this.breadcrumbs.length > this.options.maxBreadcrumbs) this.breadcrumbs.shift();
    } catch {
      // never throw into the app
    }
  }

  captureException(error: unknown, context: Record<string, unknown> = {}, level: Level = 'ERROR') {
    try {
      const { type, message, stack } = describe(error);
      const where = location(stack);
      this.send(
        {
          type,
          message,
          file_path: where?.file ?? null,
          line_number: where?.line ?? null,
          stack_trace: stackLines(stack, `${type}: ${message}`),
        },
        context,
        level,
      );
    } catch {
      // never throw into the app
    }
  }

  /** A message groups by where it was captured, so each call site is one issue. */
  captureMessage(message: string, level: Level = 'WARNING', context: Record<string, unknown> = {}) {
    try {
      const stack = new Error(message).stack;
      const where = location(stack);
      this.send(
        {
          type: 'Message',
          message,
          file_path: where?.file ?? null,
          line_number: where?.line ?? null,
          stack_trace: [message],
        },
        context,
        level,
      );
    } catch {
      // never throw into the app
    }
  }

  /** For HTTP clients: reports a 5xx response as an HttpServerError; other statuses are ignored. */
  captureResponse(
    response: { status: number; url?: string; statusText?: string },
    context: Record<string, unknown> = {},
    method = 'GET',
  ) {
    try {
      if (response.status < 500) return;
      const error = new Error(
        `${method} ${response.url ?? ''} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`.trim(),
      );
      error.name = 'HttpServerError';
      this.captureException(error, { url: response.url, method, status: response.status, ...context });
    } catch {
      // never throw into the app
    }
  }

  async flush(timeoutMs = 3000): Promise<boolean> {
    try {
      const deadline = Date.now() + timeoutMs;
      if (this.preparing.size) {
        await Promise.race([Promise.allSettled([...this.preparing]), new Promise((r) => setTimeout(r, timeoutMs))]);
      }
      return await this.transport.flush(Math.max(0, deadline - Date.now()));
    } catch {
      return false;
    }
  }

  private send(error: Report['error'], context: Record<string, unknown>, level: Level) {
    const { projectId, environment, release, commitHash } = this.options;
    const report: Report = {
      project_id: projectId,
      environment,
      level,
      source: 'runtime',
      timestamp: new Date().toISOString(),
      ...(release ? { version: release } : {}),
      ...(commitHash ? { commit_hash: commitHash } : {}),
      error,
      context: {
        ...this.options.context,
        ...context,
        ...(this.breadcrumbs.length ? { breadcrumbs: [...this.breadcrumbs] } : {}),
        ...debugMeta(),
        sdk: { name: '@logcenter/sdk', version: SDK_VERSION },
      },
    };
    if (!this.options.beforeSend) return this.transport.enqueue(JSON.stringify(report));
    const done = this.prepare(report).then((ready) => {
      if (ready) this.transport.enqueue(JSON.stringify(ready));
      this.preparing.delete(done);
    });
    this.preparing.add(done);
  }

  private async prepare(report: Report): Promise<Report | null> {
    try {
      return await this.options.beforeSend!(report);
    } catch (err) {
      if (this.options.debug) console.warn('[logcenter] beforeSend failed; sending the report unchanged', err);
      return report;
    }
  }
}
