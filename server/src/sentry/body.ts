// Request bodies of the Sentry endpoints: gzip, deflate or brotli, decompressed with a cap
// so that a small bomb is cut off as soon as it grows past the limit.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { HttpError } from '../http/errors.ts';

export const MAX_COMPRESSED = 20 * 1024 * 1024;
export const MAX_EVENT = 1024 * 1024;

const DECODERS: Record<string, (buf: Buffer, opts: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

export function decodeBody(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') {
    if (body.length > maxBytes) throw new HttpError(413, 'payload_too_large', `body exceeds ${maxBytes} bytes`);
    return body;
  }
  const decode = DECODERS[name];
  if (!decode)
    throw new HttpError(
      415,
      'unsupported_encoding',
      `Content-Encoding ${name} is not supported; use gzip, deflate or br`,
    );
  try {
    return decode(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, 'payload_too_large', `decompressed body exceeds ${maxBytes} bytes`);
    }
    throw new HttpError(400, 'invalid_encoding', `body is not valid ${name}: ${(err as Error).message}`);
  }
}
