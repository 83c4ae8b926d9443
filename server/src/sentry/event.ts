// A Sentry event as a report of the ingestion contract. The error is the last exception
// (Sentry lists causes first); its last in-app frame (else its last frame) is where it
// happened, so a Sentry error and a REST report from the same file:line are one issue.
// Message-only events are titled, and so grouped, by their message.
import type { ReportInput } from '../ingest/report-schema.ts';
import type { DebugImage, JsFrame } from '../releases/source-maps.ts';

/** A Sentry stack frame: what JavaScript's have (source-maps.ts resolves them), and a module. */
type Frame = JsFrame & { module?: string };
type ExceptionValue = {
  type?: string;
  value?: string;
  module?: string;
  stacktrace?: { frames?: Frame[] };
  mechanism?: { synthetic?: boolean };
};
type Message = string | { formatted?: string; message?: string; params?: unknown[] };

export type SentryEvent = {
  event_id?: string;
  timestamp?: number | string;
  level?: string;
  platform?: string;
  logger?: string;
  transaction?: string;
  server_name?: string;
  release?: string;
  dist?: string;
  environment?: string;
  message?: Message;
  logentry?: { formatted?: string; message?: string; params?: unknown };
  exception?: { values?: ExceptionValue[] } | ExceptionValue[];
  stacktrace?: { frames?: Frame[] };
  threads?: { values?: { stacktrace?: { frames?: Frame[] }; crashed?: boolean; current?: boolean }[] };
  contexts?: Record<string, unknown>;
  tags?: Record<string, unknown> | [string, unknown][];
  user?: Record<string, unknown>;
  request?: Record<string, unknown>;
  breadcrumbs?: { values?: unknown[] } | unknown[];
  sdk?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  fingerprint?: string[];
  modules?: Record<string, string>;
  /** Which debug id each served JavaScript file has (`sentry-cli sourcemaps inject`). */
  debug_meta?: { images?: DebugImage[] };
};

/** Sentry levels that have no counterpart: stored as this level, or dropped. */
export type LowLevel = 'WARNING' | 'ERROR' | 'CRITICAL' | 'ignore';

const LEVELS: Record<string, 'CRITICAL' | 'ERROR' | 'WARNING'> = {
  fatal: 'CRITICAL',
  error: 'ERROR',
  warning: 'WARNING',
};
const TITLE_MAX = 200;

const fileOf = (f: Frame) => f.filename ?? f.abs_path ?? f.module ?? null;

function frameLines(frames: Frame[]): string[] {
  return frames.flatMap((f) => {
    const at = `${fileOf(f) ?? '?'}${f.lineno !== undefined ? `:${f.lineno}` : ''}${f.colno !== undefined ? `:${f.colno}` : ''}`;
    const line = `    at ${f.function && f.function !== '?' ? `${f.function} (${at})` : at}`;
    return f.context_line?.trim() ? [line, `        ${f.context_line.trim()}`] : [line];
  });
}

function culprit(frames: Frame[]): Frame | undefined {
  return frames.findLast((f) => f.in_app === true) ?? frames.at(-1);
}

/** Python's `%s`-style placeholders (and `%%`). Every part is bounded, so no `%` costs more than a few steps. */
const PLACEHOLDER = /%(?:\(([^)\s]{1,100})\))?[-# +]{0,4}\d{0,4}(?:\.\d{1,4})?([sdifrxXeEgGc%])/g;

function applyParams(template: string, params: unknown): string {
  const list = Array.isArray(params) ? params : [];
  const named =
    params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  let next = 0;
  return template.replace(PLACEHOLDER, (whole, name: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    const value = name !== undefined ? named[name] : list[next++];
    if (value === undefined) return whole;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * A message event's template, which titles and so groups it (`payment failed for order %s`),
 * and its text as shown (`payment failed for order 42`): logging integrations send both.
 */
function messageParts(event: SentryEvent): { template: string; text: string } | undefined {
  const m = event.logentry ?? event.message;
  if (typeof m === 'string') return { template: m, text: m };
  const template = m?.message ?? m?.formatted;
  if (template === undefined) return undefined;
  const params = (m as { params?: unknown }).params;
  return { template, text: m?.formatted ?? (params === undefined ? template : applyParams(template, params)) };
}

function timestamp(value: SentryEvent['timestamp']): string | undefined {
  // Before 1970 or after 9999 (NaN, 1e300): left out, so the time of receipt is used.
  if (typeof value === 'number' && value >= 0 && value < 253_402_300_800) return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && value) return value;
  return undefined;
}

function defined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

export function eventToReport(event: SentryEvent, projectId: string, lowLevel: LowLevel): ReportInput | null {
  const rawLevel = (event.level ?? 'error').toLowerCase();
  const level = LEVELS[rawLevel] ?? (lowLevel === 'ignore' ? null : lowLevel);
  if (!level) return null;

  const values = (Array.isArray(event.exception) ? event.exception : event.exception?.values) ?? [];
  const parts = messageParts(event);
  const text = parts?.text;
  // SDKs wrap a captured message in a synthetic exception for its stack: still a message.
  const error = values.at(-1)?.mechanism?.synthetic && text ? undefined : values.at(-1);
  let errorPart: ReportInput['error'];
  if (error) {
    const frames = error.stacktrace?.frames ?? [];
    const where = culprit(frames);
    errorPart = {
      type: error.type || 'Error',
      message: error.value ?? text ?? '',
      file_path: where ? fileOf(where) : null,
      line_number: where?.lineno ?? null,
      stack_trace: values.flatMap((v, i) => [
        ...(i > 0 ? ['', 'The above exception caused:'] : []),
        `${v.type ?? 'Error'}${v.value ? `: ${v.value}` : ''}`,
        ...frameLines(v.stacktrace?.frames ?? []),
      ]),
    };
  } else {
    const message = text ?? '(no message)';
    const template = parts?.template ?? message;
    const frames =
      event.stacktrace?.frames ??
      values.at(-1)?.stacktrace?.frames ??
      event.threads?.values?.find((t) => t.crashed || t.current)?.stacktrace?.frames ??
      [];
    errorPart = {
      type:
        template
          .slice(0, TITLE_MAX * 4)
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, TITLE_MAX) || '(no message)',
      message,
      file_path: null,
      line_number: null,
      stack_trace: [message, ...frameLines(frames)],
    };
  }

  const breadcrumbs = Array.isArray(event.breadcrumbs) ? event.breadcrumbs : event.breadcrumbs?.values;
  return {
    project_id: projectId,
    environment: event.environment || 'production',
    level,
    source: 'runtime',
    timestamp: timestamp(event.timestamp),
    version: event.release,
    error: errorPart,
    context: defined({
      sentry: defined({
        event_id: event.event_id,
        level: rawLevel,
        platform: event.platform,
        logger: event.logger,
        transaction: event.transaction,
        server_name: event.server_name,
        dist: event.dist,
        fingerprint: event.fingerprint,
      }),
      tags: Array.isArray(event.tags) ? Object.fromEntries(event.tags) : event.tags,
      user: event.user,
      request: event.request,
      contexts: event.contexts,
      breadcrumbs: breadcrumbs?.length ? breadcrumbs : undefined,
      extra: event.extra,
      sdk: event.sdk,
    }),
  };
}
