import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';

// Expected values computed independently: printf '%s' 'a|b|c' | md5sum
describe('fingerprint', () => {
  it('runtime: project_id|error_type|file_path|line_number', () => {
    expect(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'runtime',
        errorType: 'ValueError',
        filePath: 'apps/users/views.py',
        lineNumber: 42,
      }),
    ).toBe('0aef4a677dc8df671fac47d8a86a8452');
  });

  it('runtime without file and line uses empty strings', () => {
    const expected = 'f746323356cdf1c47145c18538c9c5d1'; // your_project_id|ProjectInit||
    expect(fingerprint({ projectId: 'your_project_id', source: 'runtime', errorType: 'ProjectInit' })).toBe(expected);
    expect(
      fingerprint({
        projectId: 'your_project_id',
        source: 'runtime',
        errorType: 'ProjectInit',
        filePath: null,
        lineNumber: null,
      }),
    ).toBe(expected);
  });

  it('cicd: project_id|cicd|error_type|job_name|step_name from context', () => {
    expect(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'cicd',
        errorType: 'CICDFailure',
        filePath: 'ignored.py',
        lineNumber: 7,
        context: { job_name: 'build-and-deploy', step_name: 'build', run_id: '24' },
      }),
    ).toBe('03339f74c4a325ca624e18dd8d1653ee');
  });

  it('cicd without job and step uses empty strings', () => {
    expect(fingerprint({ projectId: 'rtc_backend', source: 'cicd', errorType: 'DockerBuildError', context: {} })).toBe(
      '8791ef7cf4c534fc7034ffae7ad57eef',
    );
    expect(fingerprint({ projectId: 'rtc_backend', source: 'cicd', errorType: 'DockerBuildError' })).toBe(
      '8791ef7cf4c534fc7034ffae7ad57eef',
    );
  });

  it('deployment: project_id|deployment|error_type|namespace|deployment_name from context', () => {
    expect(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'deployment',
        errorType: 'CrashLoopBackOff',
        context: {
          namespace: 'default',
          pod_name: 'rtc-backend-xxx-yyy',
          deployment_name: 'rtc-backend',
          restart_count: 5,
        },
      }),
    ).toBe('1b93ba2b83a40bf9f9b4e873d831ff2c');
  });

  it('ignores what is not part of the source’s key', () => {
    const base = { projectId: 'p', source: 'runtime' as const, errorType: 'E', filePath: 'a.py', lineNumber: 1 };
    expect(fingerprint({ ...base, context: { url: '/x' } })).toBe(fingerprint(base));
    expect(fingerprint({ ...base, lineNumber: 2 })).not.toBe(fingerprint(base));
  });
});
