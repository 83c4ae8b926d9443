import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TimeBars from './TimeBars.svelte';

describe('TimeBars', () => {
  const data = [
    { start: '2026-03-01T00:00:00.000Z', newIssues: 2, regressions: 1 },
    { start: '2026-03-02T00:00:00.000Z', newIssues: 0, regressions: 0 },
    { start: '2026-03-03T00:00:00.000Z', newIssues: 5, regressions: 2 },
  ];
  const series = [
    { key: 'newIssues', name: 'new', color: 'red' },
    { key: 'regressions', name: 'regressed', color: 'purple' },
  ];

  it('stacks one bar per series and bucket, scaled to a round maximum', () => {
    const { container } = render(TimeBars, { data, series, bucket: 'DAY', label: 'Issues per day' });
    expect(screen.getByRole('img', { name: 'Issues per day' })).toBeTruthy();
    const bars = [...container.querySelectorAll('rect[fill]')];
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual(['red', 'purple', 'red', 'purple']);
    expect(container.querySelector('.ymax')?.textContent).toBe('10');
    expect(Number(bars[2]!.getAttribute('height'))).toBe(50);
  });

  it('gives screen readers the numbers as a table, and hovering a title', () => {
    const { container } = render(TimeBars, { data, series, bucket: 'DAY', label: 'Issues per day' });
    const rows = [...container.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((c) => c.textContent),
    );
    expect(rows).toEqual([
      ['1 Mar', '2', '1'],
      ['2 Mar', '0', '0'],
      ['3 Mar', '5', '2'],
    ]);
    expect(container.querySelector('title')?.textContent).toBe('1 Mar: 2 new, 1 regressed');
  });
});
