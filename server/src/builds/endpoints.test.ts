import { describe, expect, it } from 'vitest';
import { isBuildLogWrite } from './endpoints.ts';

describe('isBuildLogWrite', () => {
  it('is every write of a build log, REST and the seed’s print API', () => {
    for (const [method, url] of [
      ['POST', '/api/v1/builds/rtc_backend/Build%20and%20Deploy/24/logs'],
      ['POST', '/api/v1/builds/p/pipe/1/logs?x=1'],
      ['PUT', '/api/v1/builds/p/pipe/1/status'],
      ['POST', '/api/v1/build/logs/print'],
      ['POST', '/api/v1/build/logs/print/multi'],
      ['POST', '/api/v1/build/logs/print/status/'],
    ])
      expect(isBuildLogWrite(method!, url!), `${method} ${url}`).toBe(true);
  });

  it('is not a read, nor another endpoint', () => {
    for (const [method, url] of [
      ['GET', '/api/v1/builds/p/pipe/1/logs'],
      ['GET', '/api/v1/builds/p/pipe/1/logs/download'],
      ['POST', '/api/v1/builds/p/pipe/1/logs/download'],
      ['POST', '/api/v1/builds/p/pipe/logs'],
      ['POST', '/api/v1/logs/report'],
      ['POST', '/api/v1/build/logs/printer'],
    ])
      expect(isBuildLogWrite(method!, url!), `${method} ${url}`).toBe(false);
  });
});
