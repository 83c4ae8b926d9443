// Axis helpers for the small SVG charts.

/** A round maximum for a value axis: 1, 2, 5 × 10ⁿ above the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((s) => s * power >= max)!;
  return step * power;
}

const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function bucketLabel(iso: string, bucket: 'HOUR' | 'DAY'): string {
  const d = new Date(iso);
  return bucket === 'HOUR' ? `${day.format(d)} ${hour.format(d)}` : day.format(d);
}

/** Indexes of the ticks to label along an axis of `n` buckets: ends and a few between. */
export function tickIndexes(n: number, most = 6): number[] {
  if (n <= most) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (most - 1);
  return Array.from({ length: most }, (_, i) => Math.round(i * step));
}
