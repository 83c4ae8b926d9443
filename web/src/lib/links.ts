// Links within the dashboard and out of it; repository and commit links come from the server.

/** The dashboard's page of a release. */
export const releaseHref = (version: string) => `/releases/${encodeURIComponent(version)}`;

/** A URL worth linking: http(s) only. */
export function safeUrl(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\//.test(value) ? value : null;
}

type BuildRef = { projectId: string; pipeline: string; number: string };
const buildSegments = (b: BuildRef) => [b.projectId, b.pipeline, b.number].map(encodeURIComponent).join('/');

/** The dashboard's page of a build's log, at a line when given (`#L123`). */
export const buildHref = (b: BuildRef, lineNo?: number | null) =>
  `/builds/${buildSegments(b)}${lineNo ? `#L${lineNo}` : ''}`;

/** The REST download of a build's log (served on the dashboard's origin too, for its session). */
export function buildDownloadHref(b: BuildRef, options: { executeCount: number; tag?: string | null; strip: boolean }) {
  const q = new URLSearchParams({ executeCount: String(options.executeCount), ansi: options.strip ? 'strip' : 'keep' });
  if (options.tag) q.set('tag', options.tag);
  return `/api/v1/builds/${buildSegments(b)}/logs/download?${q}`;
}

/** This page's address with some query parameters set (or, null, removed), and no #fragment. */
export function withQuery(url: URL, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
