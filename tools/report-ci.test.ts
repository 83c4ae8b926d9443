import { describe, expect, it } from 'vitest';
import { errorTypeFor, logTail } from './report-ci.ts';

describe('errorTypeFor', () => {
  it.each([
    ['Build Docker Image', 'DockerBuildError'],
    ['docker push', 'DockerBuildError'],
    ['npm run build', 'NpmBuildError'],
    ['Build frontend', 'NpmBuildError'],
    ['Run Tests', 'TestFailure'],
    ['pytest', 'TestFailure'],
    ['Lint', 'LintError'],
    ['ruff check', 'LintError'],
    ['Deploy', 'CICDFailure'],
  ])('%s → %s', (step, type) => expect(errorTypeFor(step)).toBe(type));
});

describe('logTail', () => {
  it('keeps the last lines, without CR, NUL or invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('a\r\nb\0c\n'), Buffer.from([0xff, 0xfe]), Buffer.from(' é\n')]);
    expect(logTail(bytes)).toEqual(['a', 'bc', ' é']);
    expect(logTail(Buffer.from(Array.from({ length: 150 }, (_, i) => `l${i}`).join('\n')), 100)).toHaveLength(100);
    expect(logTail(Buffer.from(''))).toEqual([]);
  });
});
