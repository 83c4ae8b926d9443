import { describe, expect, it } from 'vitest';
import { parseSearch } from './search.ts';

const empty = { statuses: [], sources: [], levels: [], projectIds: [], environments: [], text: [], problems: [] };

describe('parseSearch', () => {
  it('reads key:value filters and free text', () => {
    expect(parseSearch('status:NEW source:cicd env:production timeout error')).toEqual({
      ...empty,
      statuses: ['NEW'],
      sources: ['cicd'],
      environments: ['production'],
      text: ['timeout', 'error'],
    });
  });

  it('takes comma-separated and repeated values as alternatives, in any case', () => {
    expect(parseSearch('status:new,verifying is:pending-fix level:error,critical')).toMatchObject({
      statuses: ['NEW', 'VERIFYING', 'PENDING_FIX'],
      levels: ['ERROR', 'CRITICAL'],
    });
  });

  it('keeps quoted phrases whole, as values and as text', () => {
    expect(parseSearch('env:"eu west" "connection reset by peer" project:rtc_backend')).toEqual({
      ...empty,
      environments: ['eu west'],
      projectIds: ['rtc_backend'],
      text: ['connection reset by peer'],
    });
  });

  it('treats unknown keys as text, so "http://x" or "C:\\\\path" still search', () => {
    expect(parseSearch('http://example.com/a foo:bar')).toMatchObject({
      text: ['http://example.com/a', 'foo:bar'],
      problems: [],
    });
  });

  it('reports values it cannot use instead of dropping them silently', () => {
    const r = parseSearch('status:DONE source:browser -status:NEW');
    expect(r.statuses).toEqual([]);
    expect(r.problems).toEqual([
      expect.stringMatching(/unknown status "DONE"; one of NEW, VERIFYING/),
      expect.stringMatching(/unknown source "browser"; one of runtime, cicd, deployment/),
      '"-status:" (negation) is not supported',
    ]);
  });

  it('returns nothing for an empty query', () => {
    expect(parseSearch('   ')).toEqual(empty);
  });
});
