// The issue search syntax: `key:value` terms plus free text, as in
//   status:NEW,VERIFYING source:cicd env:production project:rtc_backend "connection reset"
// Values of one key are alternatives (comma-separated or repeated); different keys must
// all match; free-text words must each appear in the type, message or file.
import { IssueStatus, Level, Source } from '../generated/prisma/enums.ts';

export type SearchTerms = {
  statuses: IssueStatus[];
  sources: Source[];
  levels: Level[];
  projectIds: string[];
  environments: string[];
  text: string[];
  /** Terms that looked like filters but were not understood, with the reason. */
  problems: string[];
};

const TOKEN = /(-?)(?:(\w+):)?(?:"([^"]*)"|(\S+))/g;

const KEYS: Record<string, keyof Omit<SearchTerms, 'text' | 'problems'>> = {
  status: 'statuses',
  is: 'statuses',
  source: 'sources',
  level: 'levels',
  project: 'projectIds',
  env: 'environments',
  environment: 'environments',
};

function enumValue<T extends string>(values: Record<string, T>, raw: string): T | undefined {
  const wanted = raw.replace(/-/g, '_').toUpperCase();
  return Object.values(values).find((v) => v.toUpperCase() === wanted);
}

export function parseSearch(query: string): SearchTerms {
  const terms: SearchTerms = {
    statuses: [],
    sources: [],
    levels: [],
    projectIds: [],
    environments: [],
    text: [],
    problems: [],
  };
  for (const match of query.matchAll(TOKEN)) {
    const [, negated, rawKey, quoted, bare] = match;
    const value = quoted ?? bare ?? '';
    const key = rawKey && KEYS[rawKey.toLowerCase()];
    if (!key) {
      // Not a filter: the whole token, key and all, is text to look for.
      const text = rawKey ? `${rawKey}:${value}` : value;
      if (text) terms.text.push(negated ? `-${text}` : text);
      continue;
    }
    if (negated) {
      terms.problems.push(`"-${rawKey}:" (negation) is not supported`);
      continue;
    }
    for (const part of value.split(',').filter(Boolean)) {
      if (key === 'statuses' || key === 'sources' || key === 'levels') {
        const values = key === 'statuses' ? IssueStatus : key === 'sources' ? Source : Level;
        const v = enumValue(values as Record<string, string>, part);
        if (v) (terms[key] as string[]).push(v);
        else terms.problems.push(`unknown ${rawKey} "${part}"; one of ${Object.values(values).join(', ')}`);
      } else {
        terms[key].push(part);
      }
    }
  }
  return terms;
}
