// Array parameters as PostgreSQL's array literals, written in one pass. pg's own encoder
// prepares every element by its type and escapes each string with two regular expressions:
// ~9% of the server's time while CI jobs wrote build logs, 500 messages a batch.

const QUOTES_AND_BACKSLASHES = /["\\]/g;

// Two searches for one character each: a tenth of the time of one /["\\]/ test on a line.
const needsEscape = (s: string) => s.indexOf('"') !== -1 || s.indexOf('\\') !== -1;

/** `{"a","b\"c",NULL}`: every element quoted, so that no text can read as NULL or split. */
export function textArray(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) parts[i] = 'NULL';
    else parts[i] = needsEscape(v) ? `"${v.replace(QUOTES_AND_BACKSLASHES, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

/** `{1,2.5}` for finite numbers (the callers' numbers are validated). */
export const numberArray = (values: readonly number[]): string => `{${values.join(',')}}`;
