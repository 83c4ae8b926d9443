import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseEnvelope } from './envelope.ts';

const env = (...lines: string[]) => Buffer.from(lines.join('\n'));

describe('parseEnvelope', () => {
  it('reads items with and without length', () => {
    const event = '{"message":"a\\nb"}';
    const parsed = parseEnvelope(
      env(
        '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://k@h/1"}',
        `{"type":"event","length":${Buffer.byteLength(event)}}`,
        event,
        '{"type":"session"}',
        '{"sid":"x"}',
      ),
    );
    expect(parsed.headers.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(parsed.items.map((i) => [i.headers.type, i.payload.toString()])).toEqual([
      ['event', event],
      ['session', '{"sid":"x"}'],
    ]);
  });

  it('takes length in bytes, so payloads may hold newlines and multi-byte text', () => {
    const payload = Buffer.from('line 1\nline 2 中文');
    const buf = Buffer.concat([
      Buffer.from(`{}\n{"type":"attachment","length":${payload.length}}\n`),
      payload,
      Buffer.from('\n{"type":"event"}\n{}'),
    ]);
    const parsed = parseEnvelope(buf);
    expect(parsed.items[0]!.payload.toString()).toBe('line 1\nline 2 中文');
    expect(parsed.items[1]!.headers.type).toBe('event');
  });

  it('accepts a trailing newline and CRLF blank lines', () => {
    expect(parseEnvelope(env('{}', '{"type":"event"}', '{}', '')).items).toHaveLength(1);
  });

  it.each([
    ['', 'empty envelope'],
    ['not json\n{}', 'envelope header is not a JSON object'],
    ['{}\n[1]\n{}', 'header of item 1 is not a JSON object'],
    ['{}\n{"type":"event","length":100}\n{}', 'item 1: length 100 runs past the end of the envelope'],
    ['{}\n{"type":"event","length":-1}\n{}', 'item 1: length must be a whole number of bytes'],
  ])('refuses %j: %s', (text, reason) => {
    expect(() => parseEnvelope(Buffer.from(text))).toThrow(new EnvelopeError(reason));
  });
});
