import { describe, expect, it } from 'vitest';
import { commitUrl, fileUrl, repositoryOf } from './repositories.ts';

describe('repositories', () => {
  it('reads every usual form of a repository address, dropping credentials', () => {
    const cases: [string, string, string, string][] = [
      ['https://github.com/acme/backend', 'acme/backend', 'github', 'https://github.com/acme/backend'],
      ['https://github.com/acme/backend.git', 'acme/backend', 'github', 'https://github.com/acme/backend'],
      ['git@github.com:acme/backend.git', 'acme/backend', 'github', 'https://github.com/acme/backend'],
      [
        'ssh://git@gitlab.example.com:2222/acme/platform/api.git',
        'acme/platform/api',
        'gitlab',
        'https://gitlab.example.com/acme/platform/api',
      ],
      [
        'https://ci:s3cret@git.example.com:3000/ops/deploy/',
        'ops/deploy',
        'gitea',
        'https://git.example.com:3000/ops/deploy',
      ],
      ['http://gitea.local/team/app', 'team/app', 'gitea', 'http://gitea.local/team/app'],
      [
        'https://gitea.airlabs.art/zyc/rtc_backend.git',
        'zyc/rtc_backend',
        'gitea',
        'https://gitea.airlabs.art/zyc/rtc_backend',
      ],
      ['https://bitbucket.org/acme/web', 'acme/web', 'bitbucket', 'https://bitbucket.org/acme/web'],
      ['https://acme.ghe.com/acme/backend', 'acme/backend', 'github', 'https://acme.ghe.com/acme/backend'],
    ];
    for (const [url, name, provider, webUrl] of cases)
      expect(repositoryOf(url), url).toEqual({ name, provider, webUrl });
    for (const none of [null, '', 'not a url', 'https://github.com/', 'file:///srv/repo', 'javascript:alert(1)'])
      expect(repositoryOf(none), String(none)).toBeNull();
  });

  it('links commits and lines in each host’s pattern', () => {
    const sha = '62aaca3ed186edc7671b4cca0ab6ec53cb7de8b5';
    const at = (url: string) => repositoryOf(url)!;
    expect(commitUrl(at('https://github.com/a/b'), sha)).toBe(`https://github.com/a/b/commit/${sha}`);
    expect(commitUrl(at('https://gitlab.com/a/b'), sha)).toBe(`https://gitlab.com/a/b/-/commit/${sha}`);
    expect(commitUrl(at('https://git.example.com/a/b'), sha)).toBe(`https://git.example.com/a/b/commit/${sha}`);
    expect(commitUrl(at('https://bitbucket.org/a/b'), sha)).toBe(`https://bitbucket.org/a/b/commits/${sha}`);
    // A branch name or anything else is not linked as a commit.
    expect(commitUrl(at('https://github.com/a/b'), 'main')).toBeNull();
    expect(commitUrl(at('https://github.com/a/b'), '../../x')).toBeNull();
    expect(fileUrl(at('https://github.com/a/b'), 'main', 'a.py')).toBeNull();
    expect(fileUrl(at('https://github.com/a/b'), sha, 'src/app.py', 42)).toBe(
      `https://github.com/a/b/blob/${sha}/src/app.py#L42`,
    );
    expect(fileUrl(at('https://gitlab.com/a/b'), sha, '/src/app.py')).toBe(
      `https://gitlab.com/a/b/-/blob/${sha}/src/app.py`,
    );
    expect(fileUrl(at('https://git.example.com/a/b'), sha, 'src/my file.py', 3)).toBe(
      `https://git.example.com/a/b/src/commit/${sha}/src/my%20file.py#L3`,
    );
    expect(fileUrl(at('https://bitbucket.org/a/b'), sha, 'app.py', 7)).toBe(
      `https://bitbucket.org/a/b/src/${sha}/app.py#lines-7`,
    );
  });
});
