import { describe, expect, it } from 'vitest';
import { isBuildLogWrite } from './endpoints.ts';

// Every write of a build log, REST and the seed's print API; no read, nor another endpoint.
const CASES: [method: string, url: string, write: boolean][] = [
  ['POST', '/api/v1/builds/rtc_backend/Build%20and%20Deploy/24/logs', true],
  ['POST', '/api/v1/builds/p/pipe/1/logs?x=1', true],
  ['PUT', '/api/v1/builds/p/pipe/1/status', true],
  ['POST', '/api/v1/build/logs/print', true],
  ['POST', '/api/v1/build/logs/print/multi', true],
  ['POST', '/api/v1/build/logs/print/status/', true],
  ['GET', '/api/v1/builds/p/pipe/1/logs', false],
  ['GET', '/api/v1/builds/p/pipe/1/logs/download', false],
  ['POST', '/api/v1/builds/p/pipe/1/logs/download', false],
  ['POST', '/api/v1/builds/p/pipe/logs', false],
  ['POST', '/api/v1/logs/report', false],
  ['POST', '/api/v1/build/logs/printer', false],
];

describe('isBuildLogWrite', () => {
  it.each(CASES)('%s %s: %s', (method, url, write) => {
    expect(isBuildLogWrite(method, url)).toBe(write);
  });
});
