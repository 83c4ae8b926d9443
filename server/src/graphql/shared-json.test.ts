import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sharedPayloadReplacer, withSharedPayload } from './shared-json.ts';

/** The bytes graphql-ws and the socket together put on the wire, and those plain graphql-ws would. */
const wire = (message: unknown) => Buffer.from(withSharedPayload(JSON.stringify(message, sharedPayloadReplacer)));
const plain = (message: unknown) => Buffer.from(JSON.stringify(message));

describe('shared payload JSON', () => {
  it('sends exactly what graphql-ws would have, for any message', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const message = fc.oneof(
      fc.record({ id: fc.string(), type: fc.constant('next'), payload: fc.record({ data: json }) }),
      fc.record({
        id: fc.string(),
        type: fc.constant('next'),
        payload: fc.record({ data: json, errors: fc.array(fc.record({ message: fc.string(), payload: json })) }),
      }),
      fc.record({
        id: fc.string(),
        type: fc.constant('error'),
        payload: fc.array(fc.record({ message: fc.string() })),
      }),
      fc.record({ type: fc.constantFrom('connection_ack', 'pong'), payload: fc.option(json, { nil: undefined }) }),
      fc.record({ id: fc.string(), type: fc.constant('complete') }),
      // Any UTF-16, lone surrogates too: the bytes must still be the socket's own encoding's.
      fc.record({
        id: fc.string({ unit: 'binary' }),
        type: fc.constant('next'),
        payload: fc.record({ data: fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })) }),
      }),
    );
    fc.assert(
      fc.property(message, (m) => {
        expect(wire(m).equals(plain(m))).toBe(true);
      }),
    );
  });

  it('keeps data that itself looks like a message', () => {
    const data = { id: '1', type: 'next', payload: { data: { nested: true } } };
    const m = { id: '7', type: 'next', payload: { data } };
    expect(wire(m).equals(plain(m))).toBe(true);
  });

  it('serialises a result shared by many subscribers once', () => {
    let reads = 0;
    const data = {
      get lines() {
        reads++;
        return [{ lineNo: 1, message: 'a' }];
      },
    };
    const sent = Array.from({ length: 100 }, (_, i) => wire({ id: String(i), type: 'next', payload: { data } }));
    expect(reads).toBe(1);
    expect(sent[42]!.toString()).toBe(JSON.stringify({ id: '42', type: 'next', payload: { data } }));
  });
});
