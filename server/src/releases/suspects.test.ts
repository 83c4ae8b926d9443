import { describe, expect, it } from 'vitest';
import { samePath, suspectCommits } from './suspects.ts';

describe('suspect commits', () => {
  it('matches a frame’s file with a repository’s file at a separator', () => {
    expect(samePath('/app/src/api/users.py', 'src/api/users.py')).toBe(true);
    expect(samePath('webpack:///./src/app.ts', 'src/app.ts')).toBe(true);
    expect(samePath('C:\\build\\src\\app.ts', 'src/app.ts')).toBe(true);
    expect(samePath('src/app.ts', 'src/app.ts')).toBe(true);
    expect(samePath('/app/src/api/users.py', 'api/users.py')).toBe(true);
    expect(samePath('/app/src/myusers.py', 'src/users.py')).toBe(false);
    expect(samePath('/app/lib/users.py', 'src/users.py')).toBe(false);
    expect(samePath('', 'src/users.py')).toBe(false);
  });

  it('keeps the commits that changed the file, in their order', () => {
    const commits = [
      { sha: 'c', files: [{ path: 'src/db.py', type: 'M' }] },
      {
        sha: 'b',
        files: [
          { path: 'src/app.py', type: 'M' },
          { path: 'README.md', type: 'M' },
        ],
      },
      { sha: 'a', files: [{ path: 'src/app.py', type: 'A' }] },
      { sha: 'x', files: 'not a list' },
    ];
    expect(suspectCommits(commits, '/srv/src/app.py').map((c) => c.sha)).toEqual(['b', 'a']);
    expect(suspectCommits(commits, null)).toEqual([]);
  });
});
