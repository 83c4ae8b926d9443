// Typed errors: the domain's errors (../errors.ts) come back as members of a result union
// that implement the Error interface; unexpected ones stay masked by yoga. Fields name the
// classes in `errors: { types }`; this module gives each class its GraphQL type.
import { ClaimConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { builder } from './builder.ts';
import { IssueStatusEnum } from './enums.ts';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorType = builder.objectRef<{ path: string; reason: string }>('FieldError').implement({
  description: 'One invalid input field, named by its path.',
  fields: (t) => ({ path: t.exposeString('path'), reason: t.exposeString('reason') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorType], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.exposeString('id') }),
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransitionError',
  description: 'The workflow does not allow this move; `allowed` lists where the issue can go from here.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof IllegalTransitionError,
  fields: (t) => ({
    issueId: t.exposeInt('issueId'),
    from: t.expose('from', { type: IssueStatusEnum }),
    to: t.expose('to', { type: IssueStatusEnum }),
    allowed: t.field({ type: [IssueStatusEnum], resolve: (e) => [...e.allowed] }),
  }),
});

builder.objectType(ClaimConflictError, {
  name: 'ClaimConflictError',
  description: 'The issue is not claimable by this agent: someone else holds it, or it is not in the right state.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ClaimConflictError,
  fields: (t) => ({
    issueId: t.exposeInt('issueId'),
    status: t.expose('status', { type: IssueStatusEnum }),
    claimedBy: t.exposeString('claimedBy', { nullable: true }),
    claimExpiresAt: t.expose('claimExpiresAt', { type: 'DateTime', nullable: true }),
  }),
});
