// Sentry's envelope format: a JSON header line, then items, each a JSON header line and a
// payload — `length` bytes long when the header says so, else up to the next newline.
// https://develop.sentry.dev/sdk/envelopes/
export type EnvelopeItem = { headers: { type?: string; length?: number; [key: string]: unknown }; payload: Buffer };
export type Envelope = { headers: { event_id?: string; dsn?: string; [key: string]: unknown }; items: EnvelopeItem[] };

export class EnvelopeError extends Error {}

const NEWLINE = 0x0a;

function readLine(buf: Buffer, at: number): [Buffer, number] {
  const end = buf.indexOf(NEWLINE, at);
  return end === -1 ? [buf.subarray(at), buf.length] : [buf.subarray(at, end), end + 1];
}

function json(line: Buffer, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(line.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new EnvelopeError(`${what} is not a JSON object`);
}

export function parseEnvelope(buf: Buffer): Envelope {
  const [first, start] = readLine(buf, 0);
  if (first.length === 0) throw new EnvelopeError('empty envelope');
  const headers = json(first, 'envelope header');
  const items: EnvelopeItem[] = [];
  let at = start;
  while (at < buf.length) {
    const [line, next] = readLine(buf, at);
    at = next;
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) continue;
    const itemHeaders = json(line, `header of item ${items.length + 1}`);
    const length = itemHeaders.length;
    let payload: Buffer;
    if (length !== undefined) {
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
        throw new EnvelopeError(`item ${items.length + 1}: length must be a whole number of bytes`);
      }
      if (at + length > buf.length)
        throw new EnvelopeError(`item ${items.length + 1}: length ${length} runs past the end of the envelope`);
      payload = buf.subarray(at, at + length);
      at += length;
      if (buf[at] === NEWLINE) at++;
    } else {
      [payload, at] = readLine(buf, at);
    }
    items.push({ headers: itemHeaders as EnvelopeItem['headers'], payload });
  }
  return { headers: headers as Envelope['headers'], items };
}
