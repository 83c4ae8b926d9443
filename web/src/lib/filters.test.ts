import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, matchesView, paramsFromView, queryVariables, viewFromParams } from './filters.ts';

describe('issue view ↔ URL', () => {
  it('reads the defaults from an empty URL and writes nothing for them', () => {
    expect(viewFromParams(new URLSearchParams())).toEqual(DEFAULT_VIEW);
    expect(paramsFromView(DEFAULT_VIEW).toString()).toBe('');
  });

  it('round-trips every field', () => {
    const view = {
      projects: ['rtc_backend', 'rtc_web'],
      statuses: ['NEW', 'FIX_FAILED'] as const,
      sources: ['cicd'] as const,
      levels: ['CRITICAL'] as const,
      environment: 'production',
      q: 'timeout "db pool"',
      sort: 'COUNT' as const,
      dir: 'ASC' as const,
      after: 'abc',
    };
    const params = paramsFromView({
      ...view,
      statuses: [...view.statuses],
      sources: [...view.sources],
      levels: [...view.levels],
    });
    expect(params.toString()).toBe(
      'project=rtc_backend%2Crtc_web&status=NEW%2CFIX_FAILED&source=cicd&level=CRITICAL&env=production&q=timeout+%22db+pool%22&sort=count&dir=asc&after=abc',
    );
    expect(viewFromParams(params)).toEqual(view);
  });

  it('ignores values it does not know, and repeated keys add up', () => {
    const view = viewFromParams(
      new URLSearchParams('status=NEW&status=BOGUS,VERIFYING&source=browser&sort=weird&dir=sideways'),
    );
    expect(view).toMatchObject({ statuses: ['NEW', 'VERIFYING'], sources: [], sort: 'LAST_SEEN', dir: 'DESC' });
  });
});

describe('queryVariables', () => {
  it('turns the view into the issues query', () => {
    expect(queryVariables({ ...DEFAULT_VIEW, statuses: ['NEW'], q: 'boom' }, 50)).toEqual({
      filter: { projectIds: null, statuses: ['NEW'], sources: null, levels: null, environment: null },
      query: 'boom',
      orderBy: { field: 'LAST_SEEN', direction: 'DESC' },
      first: 50,
      after: null,
    });
  });
});

describe('matchesView', () => {
  const issue = {
    projectId: 'p',
    status: 'NEW' as const,
    source: 'runtime' as const,
    level: 'ERROR' as const,
    environments: ['production'],
  };
  it('decides from the filters', () => {
    expect(matchesView(DEFAULT_VIEW, issue)).toBe(true);
    expect(matchesView({ ...DEFAULT_VIEW, statuses: ['VERIFYING'] }, issue)).toBe(false);
    expect(matchesView({ ...DEFAULT_VIEW, environment: 'staging' }, issue)).toBe(false);
    expect(matchesView({ ...DEFAULT_VIEW, projects: ['p'], levels: ['ERROR'] }, issue)).toBe(true);
  });
  it('leaves a search to the server', () => {
    expect(matchesView({ ...DEFAULT_VIEW, q: 'timeout' }, issue)).toBeUndefined();
    expect(matchesView({ ...DEFAULT_VIEW, q: 'timeout', statuses: ['FIXED'] }, issue)).toBe(false);
  });
});
