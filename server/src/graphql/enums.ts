import { IssueStatus, Level, Source } from '../generated/prisma/enums.ts';
import { EVENT_KINDS } from '../issues/events.ts';
import { builder } from './builder.ts';

export const IssueStatusEnum = builder.enumType(IssueStatus, {
  name: 'IssueStatus',
  description: 'Where an issue is in the repair workflow.',
});
export const SourceEnum = builder.enumType(Source, { name: 'Source', description: 'Where a report came from.' });
export const LevelEnum = builder.enumType(Level, { name: 'Level' });
export const IssueEventKindEnum = builder.enumType('IssueEventKind', {
  values: EVENT_KINDS,
  description:
    'CREATED: a new issue. REGRESSED: a fixed issue occurred again and reopened. STATUS_CHANGED: a workflow move. OCCURRED: new occurrences (at most one event per issue per second).',
});
export const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });
export const TimeBucketEnum = builder.enumType('TimeBucket', { values: ['HOUR', 'DAY'] as const });
export type TimeBucket = 'HOUR' | 'DAY';
