import { describe, expect, it } from 'vitest';
import { repairJson } from './json-repair.ts';

const parse = (text: string) => JSON.parse(repairJson(text));

describe('repairJson', () => {
  it('leaves valid JSON as it is', () => {
    const text = '{"a":"x\\ny \\"q\\" \\u00e9 \\\\ \\/","b":[1,2.5,null,true]}';
    expect(repairJson(text)).toBe(text);
  });

  it('escapes raw control characters inside strings (tabs, ANSI codes, CR)', () => {
    expect(parse('{"log":"a\tb \u001b[31mred\u001b[0m\r"}')).toEqual({ log: 'a\tb \u001b[31mred\u001b[0m\r' });
  });

  it('keeps whitespace between tokens', () => {
    expect(parse('{\n\t"a": 1\r\n}')).toEqual({ a: 1 });
  });

  it('takes a backslash that starts no valid escape literally', () => {
    expect(parse('{"path":"C:\\Users\\me","u":"\\u12"}')).toEqual({ path: 'C:\\Users\\me', u: '\\u12' });
  });

  it('cannot repair what is not JSON-shaped', () => {
    expect(() => parse('{"a": ')).toThrow();
    expect(() => parse("{'a': 1}")).toThrow();
  });
});
