// JavaScript stack frames resolved through uploaded source maps (artifacts.ts): to the
// original file, line, column, function and source context. A minified file is found by its
// debug id (the event's debug_meta, from `sentry-cli sourcemaps inject`), else by the
// release's bundle with its URL (`~/assets/app.min.js`). Parsed maps are kept in memory for
// the next reports of the same build; misses are remembered for a minute.
import { originalPositionFor, sourceContentFor, TraceMap } from '@jridgewell/trace-mapping';
import type { PrismaClient } from '../generated/prisma/client.ts';

export type JsFrame = {
  filename?: string;
  abs_path?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
};

/** debug_meta.images of a Sentry event: which debug id each served file has. */
export type DebugImage = { type?: string; code_file?: string; debug_id?: string };

type Loaded = { map: TraceMap; minified: string | null };

const CONTEXT_LINES = 5;
/** Source lines longer than this are cut in the context shown. */
const CONTEXT_CHARS = 300;
const CACHE_ENTRIES = 32;
const MISS_MS = 60_000;
/** How far back in a minified file a function's definition is looked for. */
const NAME_LOOKBACK = 50_000;

/** `webpack://app/./src/cart.ts`, `../src/cart.ts` → `src/cart.ts`: the path as the repository has it. */
export function sourcePath(source: string): string {
  return source
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i, '')
    .split('/')
    .filter((s) => s !== '.' && s !== '..' && s !== '')
    .join('/');
}

/** `https://shop.example.com/assets/app.min.js?v=3` → `~/assets/app.min.js`, as bundles name files. */
export function tildeUrl(absPath: string): string | null {
  try {
    const url = new URL(absPath);
    return `~${url.pathname}`;
  } catch {
    return absPath.startsWith('/') ? `~${absPath}` : null;
  }
}

const escapeRegExp = (s: string) => s.replace(/[$]/g, '\\$');

/** Where, before `offset`, the minified code defines the function `name`: the name's offset, or -1. */
function definitionOffset(code: string, offset: number, name: string): number {
  if (!/^[A-Za-z_$][\w$]{0,100}$/.test(name)) return -1;
  const from = Math.max(0, offset - NAME_LOOKBACK);
  const window = code.slice(from, offset);
  const id = escapeRegExp(name);
  const re = new RegExp(
    `function\\s{0,5}${id}\\s{0,5}\\(|[,;{}()\\s]${id}\\s{0,5}[:=]\\s{0,5}(?:async\\s{1,5})?(?:function\\b|\\(|[\\w$]{1,100}\\s{0,5}=>)|[,;{}\\s]${id}\\([\\w$,\\s]{0,300}\\)\\s{0,5}\\{`,
    'g',
  );
  let last = -1;
  for (let m = re.exec(window); m; m = re.exec(window))
    last = from + m.index + m[0].indexOf(name, m[0].startsWith('function') ? 8 : 1);
  return last;
}

/** The offset of (1-based line, 0-based column) in `code`. */
function offsetOf(code: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = code.indexOf('\n', at);
    if (next === -1) return -1;
    at = next + 1;
  }
  return at + column;
}

function lineColumnOf(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = code.indexOf('\n'); i !== -1 && i < offset; i = code.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start };
}

/** The function's original name: its definition in the minified code, mapped back. */
function originalFunction(loaded: Loaded, line: number, column: number, minifiedName: string | undefined) {
  if (!loaded.minified || !minifiedName) return null;
  const short = minifiedName.split('.').at(-1)!;
  const at = offsetOf(loaded.minified, line, column);
  if (at < 0) return null;
  const defined = definitionOffset(loaded.minified, at, short);
  if (defined < 0) return null;
  const position = lineColumnOf(loaded.minified, defined);
  const original = originalPositionFor(loaded.map, position);
  if (original.name) return original.name;
  if (original.source === null) return null;
  // Maps without names: the identifier at the mapped place in the original source.
  const text = sourceContentFor(loaded.map, original.source)?.split('\n')[original.line - 1];
  return text?.slice(original.column).match(/^[A-Za-z_$][\w$]*/)?.[0] ?? null;
}

const cut = (line: string) => (line.length > CONTEXT_CHARS ? `${line.slice(0, CONTEXT_CHARS)}…` : line);

function resolveFrame(frame: JsFrame, loaded: Loaded): JsFrame | null {
  if (frame.lineno === undefined || frame.colno === undefined) return null;
  const column = frame.colno - 1;
  const original = originalPositionFor(loaded.map, { line: frame.lineno, column });
  if (original.source === null || original.line === null) return null;
  const lines = sourceContentFor(loaded.map, original.source)?.split('\n');
  const path = sourcePath(original.source);
  const resolved: JsFrame = {
    ...frame,
    filename: path,
    abs_path: original.source,
    lineno: original.line,
    colno: original.column + 1,
    function: originalFunction(loaded, frame.lineno, column, frame.function) ?? frame.function,
    // Third-party code keeps its place out of the app's frames.
    in_app: frame.in_app ?? !/(^|\/)node_modules\//.test(path),
  };
  if (lines && original.line <= lines.length) {
    const i = original.line - 1;
    resolved.pre_context = lines.slice(Math.max(0, i - CONTEXT_LINES), i).map(cut);
    resolved.context_line = cut(lines[i]!);
    resolved.post_context = lines.slice(i + 1, i + 1 + CONTEXT_LINES).map(cut);
  }
  return resolved;
}

export function createSourceMaps(prisma: PrismaClient) {
  const cache = new Map<string, Loaded>();
  const misses = new Map<string, number>();

  function remember(key: string, loaded: Loaded) {
    cache.delete(key);
    cache.set(key, loaded);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }

  async function load(key: string, find: () => Promise<{ map: Uint8Array; minified: Uint8Array | null } | null>) {
    const hit = cache.get(key);
    if (hit) {
      remember(key, hit);
      return hit;
    }
    if ((misses.get(key) ?? 0) > Date.now()) return null;
    const found = await find();
    if (!found) {
      misses.set(key, Date.now() + MISS_MS);
      if (misses.size > 10_000) misses.clear();
      return null;
    }
    try {
      const decoder = new TextDecoder();
      const loaded = {
        map: new TraceMap(decoder.decode(found.map)),
        minified: found.minified && decoder.decode(found.minified),
      };
      remember(key, loaded);
      return loaded;
    } catch {
      misses.set(key, Date.now() + MISS_MS);
      return null;
    }
  }

  const byDebugId = (debugId: string) =>
    load(`id:${debugId}`, async () => {
      const files = await prisma.artifactFile.findMany({
        where: { debugId },
        select: { type: true, content: true },
        take: 4,
      });
      const map = files.find((f) => f.type === 'source_map')?.content;
      return map ? { map, minified: files.find((f) => f.type === 'minified_source')?.content ?? null } : null;
    });

  const byReleaseUrl = (release: string, url: string) =>
    load(`url:${release}\n${url}`, async () => {
      const minified = await prisma.artifactFile.findFirst({
        where: { url, type: 'minified_source', bundle: { release } },
        orderBy: { id: 'desc' },
      });
      if (!minified) return null;
      const mapUrl = minified.sourceMap
        ? `~${new URL(minified.sourceMap, `http://x${minified.url.slice(1)}`).pathname}`
        : `${url}.map`;
      const map = await prisma.artifactFile.findFirst({
        where: { bundleId: minified.bundleId, url: mapUrl, type: 'source_map' },
      });
      return map ? { map: map.content, minified: minified.content } : null;
    });

  return {
    /**
     * The frames resolved where a map is known, or null when none is: the caller then keeps
     * the frames as they are. Frames without a map stay as they were.
     */
    async resolveFrames(frames: JsFrame[], images: DebugImage[], release: string | null): Promise<JsFrame[] | null> {
      const ids = new Map(
        images.filter((i) => i.code_file && i.debug_id).map((i) => [i.code_file!, i.debug_id!.toLowerCase()]),
      );
      let changed = false;
      const out: JsFrame[] = [];
      for (const frame of frames) {
        const file = frame.abs_path ?? frame.filename;
        const id = file ? ids.get(file) : undefined;
        const url = file ? tildeUrl(file) : null;
        const loaded = id ? await byDebugId(id) : release && url ? await byReleaseUrl(release, url) : null;
        const resolved = loaded ? resolveFrame(frame, loaded) : null;
        if (resolved) changed = true;
        out.push(resolved ?? frame);
      }
      return changed ? out : null;
    },
  };
}

export type SourceMaps = ReturnType<typeof createSourceMaps>;
