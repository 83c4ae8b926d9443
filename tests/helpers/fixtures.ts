import { readFileSync } from 'node:fs';

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

/** A minimal valid runtime report; override what the test is about. */
export function runtimeReport(overrides: Record<string, unknown> = {}, error: Record<string, unknown> = {}) {
  return {
    project_id: 'demo',
    environment: 'production',
    level: 'ERROR',
    ...overrides,
    error: {
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id')",
      file_path: 'src/app.ts',
      line_number: 10,
      stack_trace: ['TypeError: boom', '    at main (src/app.ts:10:5)'],
      ...error,
    },
  };
}
