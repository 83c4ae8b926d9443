// Request bodies are JSON whatever their Content-Type: browsers' navigator.sendBeacon sends
// text/plain, and `curl -d` without -H sends form encoding.
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { HttpError } from './errors.ts';
import { repairJson } from './json-repair.ts';
import { storable } from '../db/storable.ts';

/** PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates. */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** How deep a JSON body may nest; deeper values are replaced by a marker. */
export const MAX_JSON_DEPTH = 32;
export const DEPTH_MARKER = `[truncated: nested deeper than ${MAX_JSON_DEPTH} levels]`;

/**
 * The parsed value with every object or array below `MAX_JSON_DEPTH` levels replaced by
 * `DEPTH_MARKER`, in place. Iterative: JSON.parse takes half a million levels, but every
 * recursive walk after it (scrubbing, caps, JSON.stringify, PostgreSQL's jsonb) would
 * overflow its stack. Capping here makes every later walk shallow.
 */
export function capDepth<T>(value: T): T {
  const stack: [Record<string, unknown>, number][] = [];
  if (value !== null && typeof value === 'object') stack.push([value as Record<string, unknown>, 1]);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (child === null || typeof child !== 'object') continue;
      if (depth >= MAX_JSON_DEPTH) node[key] = DEPTH_MARKER;
      else stack.push([child as Record<string, unknown>, depth + 1]);
    }
  }
  return value;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'empty_body', 'request body is empty: send a JSON object');
  let value: unknown;
  try {
    value = secureParse(text);
  } catch (err) {
    try {
      text = repairJson(text);
      value = secureParse(text);
    } catch {
      throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  return UNSTORABLE_ESCAPE.test(text) ? storable(value) : value;
}

/** JSON.parse without "__proto__" and "constructor.prototype" keys, and no deeper than MAX_JSON_DEPTH. */
export const secureParse = (text: string): unknown =>
  capDepth(sjson.parse(text, null, { protoAction: 'remove', constructorAction: 'remove' }));

export function registerJsonBody(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
