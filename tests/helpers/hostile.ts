// Strings that make backtracking patterns slow: long runs of pieces of the patterns that read
// report data (secret assignments, card numbers, whitespace, ANSI, stack frames).
export const WORST_PIECES = [
  'x',
  'password',
  'password=',
  'token  ',
  'auth: "',
  "api_key'",
  '1 ',
  '1-',
  '1',
  ' \t',
  '\u001b]',
  '  at a (',
  'a@',
];

/** `unit` repeated to exactly `length` characters. */
export const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
