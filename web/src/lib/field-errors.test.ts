import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from './field-errors.ts';

describe('fieldErrorsOf', () => {
  it('maps a ValidationError to reasons by path, and anything else to none', () => {
    const fieldErrors = [{ path: 'name', reason: 'must not be empty' }];
    expect(fieldErrorsOf({ __typename: 'ValidationError', fieldErrors })).toEqual({ name: 'must not be empty' });
    expect(fieldErrorsOf({ __typename: 'User' })).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });
});
