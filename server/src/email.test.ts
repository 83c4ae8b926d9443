import { describe, expect, it } from 'vitest';
import { isEmailAddress } from './email.ts';

describe('isEmailAddress', () => {
  it.each(['admin@localhost', 'ops@intranet', 'a.b+tag@example.com', 'x@sub.example.co.uk', "o'neil@example.org"])(
    'accepts %s',
    (s) => expect(isEmailAddress(s)).toBe(true),
  );
  it.each([
    '',
    'plain',
    '@localhost',
    'a@',
    'a@-x',
    'a@x-',
    'a b@example.com',
    'a@ex ample.com',
    'a@@b',
    'a@b..c',
    'a@b.',
    `${'x'.repeat(65)}@example.com`,
    'a,b@example.com',
  ])('refuses %j', (s) => expect(isEmailAddress(s)).toBe(false));
  it('takes linear time on long input', () => {
    const started = performance.now();
    isEmailAddress(`a@${'a-'.repeat(100_000)}`);
    isEmailAddress(`a@${'a.'.repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
