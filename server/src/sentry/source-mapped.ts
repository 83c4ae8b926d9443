// A Sentry event's JavaScript frames through the uploaded source maps (releases/source-maps.ts),
// before it becomes a report: the fingerprint then takes the original file and line, so a
// minified and a resolved report of the same line are one issue. The minified trace is kept
// in the context (MINIFIED_KEY) for the issue page's toggle.
import type { SourceMaps } from '../releases/source-maps.ts';
import type { ReportInput } from '../ingest/report-schema.ts';
import type { SentryEvent } from './event.ts';

/** Where the context keeps the trace as it was reported, when source maps changed it. */
export const MINIFIED_KEY = '_minified';

const exceptionValues = (event: SentryEvent) =>
  (Array.isArray(event.exception) ? event.exception : event.exception?.values) ?? [];

/** The event with its frames resolved, or null when no map applies (nothing to change). */
export async function sourceMapped(event: SentryEvent, sourceMaps: SourceMaps): Promise<SentryEvent | null> {
  const values = exceptionValues(event);
  // Only JavaScript has columns to map; other events cost nothing here.
  if (!values.some((v) => v.stacktrace?.frames?.some((f) => f.colno !== undefined))) return null;
  const images = event.debug_meta?.images ?? [];
  let changed = false;
  const resolved = await Promise.all(
    values.map(async (v) => {
      const frames = v.stacktrace?.frames;
      if (!frames?.length) return v;
      const mapped = await sourceMaps.resolveFrames(frames, images, event.release ?? null);
      if (!mapped) return v;
      changed = true;
      return { ...v, stacktrace: { ...v.stacktrace, frames: mapped } };
    }),
  );
  if (!changed) return null;
  return { ...event, exception: { values: resolved } };
}

/** The resolved report, with the minified one's location and trace kept beside it. */
export function withMinified(resolved: ReportInput, minified: ReportInput): ReportInput {
  return {
    ...resolved,
    context: {
      ...resolved.context,
      [MINIFIED_KEY]: {
        file_path: minified.error.file_path,
        line_number: minified.error.line_number,
        stack_trace: minified.error.stack_trace,
      },
    },
  };
}
