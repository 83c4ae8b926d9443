// One error shape for every REST response: { error, message, details? }, where details
// name each offending field by its path in the body.
import type { z } from 'zod';

export type FieldError = { path: string; reason: string };

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
  }

  body() {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
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

/** Parses `input` with `schema`, or throws a 422 naming every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (input === undefined) throw new HttpError(400, 'empty_body', 'request body is empty: send a JSON object');
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const details = fieldErrors(result.error);
  const summary = details.map((d) => `${d.path} ${d.reason}`).join('; ');
  throw new HttpError(422, 'validation_failed', `invalid request body: ${summary}`, details);
}
