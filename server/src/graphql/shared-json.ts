// graphql-ws serialises every message on its own, so a result shared by a hundred subscribers
// (shared-execution.ts) was stringified a hundred times: for a live build log, 65 KB a batch
// per subscriber, most of the server's time. Its replacer puts a marker where a `next`
// message's payload goes, and the socket's send puts the payload's JSON there, made once per
// shared result, and encoded to UTF-8 once: a log with one non-ASCII character is a two-byte
// string, which the socket took ~0.5 ms to encode for each subscriber (55 ms for a hundred).
import { randomUUID } from 'node:crypto';

// A JSON string no payload can be mistaken for: it is looked for only as the message's last value.
const MARK = `logcenter-shared-payload:${randomUUID()}`;
const MARK_TAIL = `"payload":${JSON.stringify(MARK)}}`;

const made = new WeakMap<object, Buffer>();
const CLOSE = Buffer.from('}');
// graphql-ws stringifies a message and hands it to the socket in one synchronous step, so
// the payload of the message being sent is the only one ever waiting.
let waiting: Buffer | null = null;
let message: unknown = null;

function payloadJson(payload: Record<string, unknown>): Buffer {
  // The payload object is new for each subscriber, but its `data` is the shared result's.
  const { data } = payload;
  const shareable = typeof data === 'object' && data !== null && Object.keys(payload).length === 1;
  if (!shareable) return Buffer.from(JSON.stringify(payload));
  let json = made.get(data);
  if (json === undefined) made.set(data, (json = Buffer.from(JSON.stringify(payload))));
  return json;
}

/** graphql-ws's `jsonMessageReplacer`: the payload of a `next` message becomes the marker. */
export function sharedPayloadReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key === '') {
    message = value;
    return value;
  }
  if (key !== 'payload' || this !== message || (this as { type?: unknown }).type !== 'next') return value;
  waiting = payloadJson(value as Record<string, unknown>);
  return MARK;
}

/**
 * What the socket sends for `data`: the message as it is, or, with a payload put aside, the
 * message's UTF-8 with the payload's in place of the marker (to be sent as a text frame).
 */
export function withSharedPayload(data: string): string | Buffer {
  if (!data.endsWith(MARK_TAIL)) return data;
  if (waiting === null) throw new Error('a shared payload was sent twice or never made');
  const json = waiting;
  waiting = null;
  return Buffer.concat([Buffer.from(`${data.slice(0, -MARK_TAIL.length)}"payload":`), json, CLOSE]);
}
