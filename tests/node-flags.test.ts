// The Node.js flags bin/logcenter.js gives the server (the processes themselves are checked in
// embedded.test.ts).
import { describe, expect, it } from 'vitest';
import { nodeFlagsFor } from '../scripts/node-flags.js';

describe('the server’s Node.js flags', () => {
  it('turn WebAssembly tier-up off for the embedded database only', () => {
    const embedded = [
      '--wasm-tier-up-filter=0',
      '--wasm-num-compilation-tasks=1',
      '--max-semi-space-size=8',
      '--heap-growing-percent=10',
    ];
    expect(nodeFlagsFor('start', {})).toEqual(embedded);
    expect(nodeFlagsFor('migrate', {})).toEqual(embedded);
    expect(nodeFlagsFor('start', { DATABASE_URL: 'postgresql://db/logcenter' })).toEqual(['--max-semi-space-size=8']);
    expect(nodeFlagsFor('start', { EMBEDDED_OPTIMIZING_COMPILER: 'true' })).toEqual(['--max-semi-space-size=8']);
  });

  it('leave the commands that open no database alone', () => {
    for (const command of ['agent', 'run', 'k8s-monitor', 'report-ci', 'help', undefined])
      expect(nodeFlagsFor(command, {})).toEqual([]);
  });
});
