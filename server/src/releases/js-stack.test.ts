import { describe, expect, it } from 'vitest';
import { formatFrame, parseStackLine } from './js-stack.ts';

describe('JavaScript stack lines', () => {
  it('reads V8 and Firefox lines', () => {
    expect(parseStackLine('    at n (https://shop.example.com/assets/app.min.js:1:2345)')).toEqual({
      function: 'n',
      abs_path: 'https://shop.example.com/assets/app.min.js',
      filename: 'https://shop.example.com/assets/app.min.js',
      lineno: 1,
      colno: 2345,
    });
    expect(parseStackLine('    at async Promise.all (index 0)')).toBeNull();
    expect(parseStackLine('    at file:///srv/app/main.js:3:7')).toMatchObject({
      function: undefined,
      abs_path: 'file:///srv/app/main.js',
    });
    expect(parseStackLine('    at Object.<anonymous> (C:\\app\\main.js:3:7)')).toMatchObject({
      abs_path: 'C:\\app\\main.js',
      lineno: 3,
    });
    expect(parseStackLine('checkout@https://shop.example.com/app.min.js:1:99')).toMatchObject({
      function: 'checkout',
      colno: 99,
    });
    expect(parseStackLine('TypeError: item has no sku')).toBeNull();
  });

  it('writes a frame back as V8 prints it', () => {
    expect(formatFrame({ function: 'addToCart', filename: 'src/cart.js', lineno: 3, colno: 11 })).toBe(
      '    at addToCart (src/cart.js:3:11)',
    );
  });

  it('takes linear time on hostile lines', () => {
    for (const hostile of [`at ${'a ('.repeat(100_000)}`, `${'@'.repeat(100_000)}:1`, `at ${':1'.repeat(100_000)}x`]) {
      const started = performance.now();
      parseStackLine(hostile);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});
