// Request bodies are JSON whatever their Content-Type: browsers' navigator.sendBeacon sends
// text/plain, and `curl -d` without -H sends form encoding.
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { HttpError } from './errors.ts';
import { repairJson } from './json-repair.ts';

/** PostgreSQL text and jsonb cannot hold NUL or unpaired UTF-16 surrogates. */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\0', '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)]));
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

// Drops "__proto__" and "constructor.prototype" keys rather than letting them reach objects.
const secureParse = (text: string): unknown => sjson.parse(text, null, { protoAction: 'remove', constructorAction: 'remove' });

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
