// Validation at the edges: one zod schema per input, failures named by field path.
import type { z } from 'zod';
import { ValidationError, type FieldError } from './errors.ts';

/** Characters of a client's value that an error message repeats. */
const SHOWN = 80;

/** A client's value, quoted and cut short, for an error message: the value itself may be a megabyte. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object'
    : `${typeof value} ${typeof value === 'string' ? shown(value) : String(value)}`;
}

function pathOf(path: PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = issue.expected === 'record' ? 'object' : issue.expected;
    return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}, got ${describe(issue.input)}`;
  }
  return issue.message;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), reason: 'is not a known field' }))
      : [{ path: pathOf(issue.path) || 'body', reason: reasonOf(issue) }],
  );
}

/** Parses `input` with `schema`, or throws a ValidationError naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error));
}
