import { describe, expect, it } from 'vitest';
import { isReportEndpoint } from './endpoints.ts';

describe('isReportEndpoint', () => {
  it('knows the contract and Sentry endpoints, with or without a slash or a query', () => {
    for (const url of [
      '/api/v1/logs/report',
      '/api/v1/logs/report/',
      '/api/12/envelope/',
      '/api/12/envelope?sentry_key=abc',
      '/api/12/store/',
      '/api/12/store',
    ]) {
      expect(isReportEndpoint(url), url).toBe(true);
    }
  });

  it('and nothing else', () => {
    for (const url of [
      '/graphql',
      '/api/v1/projects',
      '/api/v1/auth/login',
      '/api/12/envelope/more',
      '/api/v1/logs/report-x',
      '/x/api/12/store',
      '/api//store',
    ]) {
      expect(isReportEndpoint(url), url).toBe(false);
    }
  });
});
