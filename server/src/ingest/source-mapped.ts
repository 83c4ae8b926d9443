// A contract report's JavaScript stack (from @logcenter/sdk, or anything printing V8 or Firefox
// stacks) through the uploaded source maps, before it is fingerprinted: its file and line
// become the original ones, and the minified trace is kept in the context (MINIFIED_KEY).
import { parseStackLine, formatFrame } from '../releases/js-stack.ts';
import type { DebugImage, JsFrame, SourceMaps } from '../releases/source-maps.ts';
import { MINIFIED_KEY } from '../sentry/source-mapped.ts';
import type { Report } from './report-schema.ts';

/** `context.debug_meta.images`, as @logcenter/sdk sends them (the Sentry SDKs' shape). */
function debugImages(context: Record<string, unknown> | null | undefined): DebugImage[] {
  const images = (context?.debug_meta as { images?: unknown } | undefined)?.images;
  return Array.isArray(images) ? images.filter((i): i is DebugImage => typeof i === 'object' && i !== null) : [];
}

const stripScheme = (file: string) => file.replace(/^file:\/\//, '');

export async function sourceMappedReport(report: Report, sourceMaps: SourceMaps): Promise<Report> {
  const images = debugImages(report.context);
  // Without a release or debug ids no map can be found: most reports leave here.
  if (!report.version && images.length === 0) return report;
  const stack = report.error.stack_trace;
  const lines = stack == null ? [] : typeof stack === 'string' ? stack.split('\n') : stack;
  const parsed = lines.map((line) => (line.length <= 4096 ? parseStackLine(line) : null));
  const frames = parsed.filter((f): f is JsFrame => f !== null);
  if (frames.length === 0) return report;
  const mapped = await sourceMaps.resolveFrames(frames, images, report.version ?? null);
  if (!mapped) return report;

  const resolvedOf = new Map(frames.map((f, i) => [f, mapped[i]!]));
  const stackTrace = lines.flatMap((line, i) => {
    const frame = parsed[i];
    const resolved = frame && resolvedOf.get(frame);
    if (!resolved || resolved === frame) return [line];
    return resolved.context_line
      ? [formatFrame(resolved), `        ${resolved.context_line.trim()}`]
      : [formatFrame(resolved)];
  });
  // The frame the report named as where it happened, else the first of the app's own.
  const { file_path: file, line_number: lineNo } = report.error;
  const at = frames.findIndex(
    (f) => file && stripScheme(f.abs_path ?? '') === stripScheme(file) && f.lineno === lineNo,
  );
  const culprit = at !== -1 ? mapped[at]! : (mapped.find((f, i) => f !== frames[i] && f.in_app !== false) ?? null);
  const moved = culprit && culprit !== frames[at];
  return {
    ...report,
    error: {
      ...report.error,
      ...(moved ? { file_path: culprit.filename ?? null, line_number: culprit.lineno ?? null } : {}),
      stack_trace: stackTrace,
    },
    context: {
      ...report.context,
      [MINIFIED_KEY]: { file_path: file ?? null, line_number: lineNo ?? null, stack_trace: lines },
    },
  };
}
