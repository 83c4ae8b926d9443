// One error shape for every REST response: { error, message, details? }, where details
// name each offending field by its path in the body.
import { NotFoundError, ValidationError, type FieldError } from '../errors.ts';
import type { ErrorBody } from './route-schemas.ts';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** The HTTP form of a domain error, or undefined for an unexpected one. */
export function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof ValidationError) {
    const summary = err.fieldErrors.map((d) => `${d.path} ${d.reason}`).join('; ');
    return new HttpError(422, 'validation_failed', `invalid request body: ${summary}`, err.fieldErrors);
  }
  if (err instanceof NotFoundError) return new HttpError(404, 'not_found', err.message);
  return undefined;
}
