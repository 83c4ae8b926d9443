// Sending hand-made Sentry envelopes and events.
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';

export type Encoding = 'identity' | 'gzip' | 'deflate' | 'br';

export function encode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  if (encoding === 'br') return brotliCompressSync(body);
  return body;
}

export function envelope(
  headers: Record<string, unknown>,
  items: { headers: Record<string, unknown>; payload: string | Buffer; withLength?: boolean }[],
): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(headers)}\n`)];
  for (const item of items) {
    const payload = Buffer.isBuffer(item.payload) ? item.payload : Buffer.from(item.payload);
    const itemHeaders = item.withLength === false ? item.headers : { ...item.headers, length: payload.length };
    parts.push(Buffer.from(`${JSON.stringify(itemHeaders)}\n`), payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

export function errorEvent(id: string, type: string, value: string, file = 'app/handlers.py', line = 7) {
  return {
    event_id: id,
    timestamp: Date.now() / 1000,
    level: 'error',
    platform: 'python',
    environment: 'production',
    release: 'svc@1.0.0',
    exception: {
      values: [
        { type, value, stacktrace: { frames: [{ filename: file, function: 'handle', lineno: line, in_app: true }] } },
      ],
    },
  };
}

export async function send(
  base: string,
  path: string,
  body: Buffer,
  { encoding = 'identity', headers = {} }: { encoding?: Encoding; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-sentry-envelope',
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
      ...headers,
    },
    body: new Uint8Array(encode(body, encoding)),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json };
}
