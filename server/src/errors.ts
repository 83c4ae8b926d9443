// Expected failures of the domain, every one a DomainError: the client's mistake or a
// conflict it can act on, never a fault of the server. The REST layer turns them into 4xx
// responses (http/errors.ts), the GraphQL layer into typed error results (graphql/errors.ts).
import type { IssueStatus } from './generated/prisma/enums.ts';

export type FieldError = { path: string; reason: string };

export abstract class DomainError extends Error {}

export class ValidationError extends DomainError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(`invalid input: ${fieldErrors.map((e) => `${e.path} ${e.reason}`).join('; ')}`);
  }
}

const ENTITY_NAMES = {
  Issue: 'issue',
  Project: 'project',
  ProjectKey: 'project key',
  NotificationRule: 'notification rule',
  User: 'user',
  ApiToken: 'API token',
  Build: 'build',
  Release: 'release',
};

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: keyof typeof ENTITY_NAMES,
    readonly id: string,
  ) {
    super(`${ENTITY_NAMES[entity]} ${JSON.stringify(id)} does not exist`);
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(
    readonly issueId: number,
    readonly from: IssueStatus,
    readonly to: IssueStatus,
    readonly allowed: readonly IssueStatus[],
  ) {
    super(
      `issue ${issueId} cannot move from ${from} to ${to}; ` +
        (allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`),
    );
  }
}

export class ClaimConflictError extends DomainError {
  constructor(
    readonly issueId: number,
    readonly status: IssueStatus,
    readonly claimedBy: string | null,
    readonly claimExpiresAt: Date | null,
    reason: string,
  ) {
    super(`issue ${issueId}: ${reason}`);
  }
}
