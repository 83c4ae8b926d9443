// Issue filters (from GraphQL arguments and the search syntax) as one Prisma where clause.
import type { Prisma } from '../generated/prisma/client.ts';
import type { IssueStatus, Level, Source } from '../generated/prisma/enums.ts';
import type { SearchTerms } from './search.ts';

export type IssueFilter = {
  projectIds?: string[] | null;
  statuses?: IssueStatus[] | null;
  sources?: Source[] | null;
  levels?: Level[] | null;
  environment?: string | null;
  search?: string | null;
  firstSeenAfter?: Date | null;
  firstSeenBefore?: Date | null;
  lastSeenAfter?: Date | null;
  lastSeenBefore?: Date | null;
};

const nonEmpty = <T>(values: T[] | null | undefined): values is T[] => !!values && values.length > 0;

function textMatches(word: string): Prisma.IssueWhereInput {
  const contains = { contains: word, mode: 'insensitive' as const };
  return { OR: [{ errorType: contains }, { message: contains }, { filePath: contains }] };
}

function range(after?: Date | null, before?: Date | null): Prisma.DateTimeFilter | undefined {
  if (!after && !before) return undefined;
  return { ...(after ? { gte: after } : {}), ...(before ? { lt: before } : {}) };
}

/** Filter arguments and search terms all apply (AND); values within one list are alternatives (OR). */
export function issueWhere(filter: IssueFilter = {}, terms?: SearchTerms): Prisma.IssueWhereInput {
  const and: Prisma.IssueWhereInput[] = [];
  const within = <T>(lists: (T[] | null | undefined)[], make: (values: T[]) => Prisma.IssueWhereInput) => {
    for (const list of lists) if (nonEmpty(list)) and.push(make(list));
  };
  within([filter.projectIds, terms?.projectIds], (v) => ({ projectId: { in: v } }));
  within([filter.statuses, terms?.statuses], (v) => ({ status: { in: v } }));
  within([filter.sources, terms?.sources], (v) => ({ source: { in: v } }));
  within([filter.levels, terms?.levels], (v) => ({ level: { in: v } }));
  within([filter.environment ? [filter.environment] : null, terms?.environments], (v) => ({
    environments: { hasSome: v },
  }));
  for (const word of [...(filter.search ? [filter.search] : []), ...(terms?.text ?? [])]) and.push(textMatches(word));
  const firstSeen = range(filter.firstSeenAfter, filter.firstSeenBefore);
  const lastSeen = range(filter.lastSeenAfter, filter.lastSeenBefore);
  if (firstSeen) and.push({ firstSeen });
  if (lastSeen) and.push({ lastSeen });
  return and.length ? { AND: and } : {};
}
