// The issues page's view (filters, sort, page) lives in the URL, so a view can be shared.
import type {
  IssueOrderField,
  IssueStatus,
  IssuesPageQueryVariables,
  Level,
  SortDirection,
  Source,
} from './generated/graphql.ts';
import { LEVELS, SOURCES, STATUSES } from './workflow.ts';

export type IssueView = {
  projects: string[];
  statuses: IssueStatus[];
  sources: Source[];
  levels: Level[];
  environment: string;
  /** Search syntax: `status:NEW source:cicd env:production` plus free text. */
  q: string;
  sort: IssueOrderField;
  dir: SortDirection;
  after: string | null;
};

export const DEFAULT_VIEW: IssueView = {
  projects: [],
  statuses: [],
  sources: [],
  levels: [],
  environment: '',
  q: '',
  sort: 'LAST_SEEN',
  dir: 'DESC',
  after: null,
};

const SORTS: IssueOrderField[] = ['LAST_SEEN', 'FIRST_SEEN', 'COUNT'];

function list<T extends string>(params: URLSearchParams, key: string, allowed?: readonly T[]): T[] {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return (allowed ? values.filter((v) => allowed.includes(v as T)) : values) as T[];
}

export function viewFromParams(params: URLSearchParams): IssueView {
  const sort = (params.get('sort') ?? '').toUpperCase() as IssueOrderField;
  return {
    projects: list(params, 'project'),
    statuses: list(params, 'status', STATUSES),
    sources: list(params, 'source', SOURCES),
    levels: list(params, 'level', LEVELS),
    environment: params.get('env') ?? '',
    q: params.get('q') ?? '',
    sort: SORTS.includes(sort) ? sort : DEFAULT_VIEW.sort,
    dir: params.get('dir')?.toUpperCase() === 'ASC' ? 'ASC' : 'DESC',
    after: params.get('after'),
  };
}

/** Only what differs from the default, in a stable order. */
export function paramsFromView(view: IssueView): URLSearchParams {
  const params = new URLSearchParams();
  const setList = (key: string, values: string[]) => values.length && params.set(key, values.join(','));
  setList('project', view.projects);
  setList('status', view.statuses);
  setList('source', view.sources);
  setList('level', view.levels);
  if (view.environment) params.set('env', view.environment);
  if (view.q) params.set('q', view.q);
  if (view.sort !== DEFAULT_VIEW.sort) params.set('sort', view.sort.toLowerCase());
  if (view.dir !== DEFAULT_VIEW.dir) params.set('dir', view.dir.toLowerCase());
  if (view.after) params.set('after', view.after);
  return params;
}

export function queryVariables(view: IssueView, pageSize: number): IssuesPageQueryVariables {
  const orNull = <T>(values: T[]) => (values.length ? values : null);
  return {
    filter: {
      projectIds: orNull(view.projects),
      statuses: orNull(view.statuses),
      sources: orNull(view.sources),
      levels: orNull(view.levels),
      environment: view.environment || null,
    },
    query: view.q || null,
    orderBy: { field: view.sort, direction: view.dir },
    first: pageSize,
    after: view.after,
  };
}

type Matchable = { projectId: string; status: IssueStatus; source: Source; level: Level; environments: string[] };

/**
 * Whether an issue belongs in the view: true or false from the filters alone, or
 * undefined when the search text decides (the server has to say).
 */
export function matchesView(view: IssueView, issue: Matchable): boolean | undefined {
  const allows = <T>(values: T[], value: T) => values.length === 0 || values.includes(value);
  const fits =
    allows(view.projects, issue.projectId) &&
    allows(view.statuses, issue.status) &&
    allows(view.sources, issue.source) &&
    allows(view.levels, issue.level) &&
    (!view.environment || issue.environments.includes(view.environment));
  if (!fits) return false;
  return view.q.trim() ? undefined : true;
}
