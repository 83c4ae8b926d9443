import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { basename } from 'node:path';
import { parseCiLog } from './ci-log.ts';

// Option values a CI script passes: names with spaces, slashes, Unicode; never a leading dash
// (parseArgs reads that as the next option, as every CLI does).
const value = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.startsWith('-'));
// The command may say anything, `--` and our own option names included: it is passed on as it is.
const command = fc.array(fc.oneof(fc.string(), fc.constantFrom('--', '--project', '--final', '-x')), {
  minLength: 1,
  maxLength: 6,
});

describe('logcenter ci-log arguments', () => {
  it('takes the options as given and the command after the first -- untouched, in any order', () => {
    fc.assert(
      fc.property(
        fc.record({
          project: value,
          pipeline: value,
          build: value,
          step: fc.option(value, { nil: undefined }),
          executeCount: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
          final: fc.boolean(),
        }),
        command,
        fc.infiniteStream(fc.integer()),
        (o, cmd, order) => {
          const pairs: string[][] = [
            ['--project', o.project],
            ['--pipeline', o.pipeline],
            ['--build', o.build],
            ...(o.step === undefined ? [] : [['--step', o.step]]),
            ...(o.executeCount === undefined ? [] : [['--execute-count', String(o.executeCount)]]),
            ...(o.final ? [['--final']] : []),
          ];
          const keys = pairs.map(() => order.next().value as number);
          const shuffled = pairs.map((p, i) => [keys[i]!, p] as const).sort((a, b) => a[0] - b[0]);
          const argv = [...shuffled.flatMap(([, p]) => p), '--', ...cmd];
          expect(parseCiLog(argv, {})).toEqual({
            project: o.project,
            pipeline: o.pipeline,
            build: o.build,
            step: o.step ?? basename(cmd[0]!),
            executeCount: o.executeCount ?? 1,
            final: o.final,
            command: cmd,
          });
        },
      ),
    );
  });

  it('falls back to the Actions variables, and the flags win over them', () => {
    const env = { GITHUB_WORKFLOW: 'Build and Deploy', GITHUB_RUN_NUMBER: '24', GITHUB_RUN_ATTEMPT: '2' };
    expect(parseCiLog(['--project', 'p', '--', 'npm', 'test'], env)).toMatchObject({
      pipeline: 'Build and Deploy',
      build: '24',
      executeCount: 2,
      step: 'npm',
    });
    expect(parseCiLog(['--project', 'p', '--build', '7', '--', './ci/lint.sh'], env)).toMatchObject({
      build: '7',
      step: 'lint.sh',
    });
  });

  it('refuses what it cannot run with a reason', () => {
    const env = { GITHUB_WORKFLOW: 'w', GITHUB_RUN_NUMBER: '1' };
    expect(() => parseCiLog(['--', 'make'], env)).toThrow('--project is required');
    expect(() => parseCiLog(['--project', 'p'], env)).toThrow('a command is required after --');
    expect(() => parseCiLog(['--project', 'p', '--', 'make'], {})).toThrow('--pipeline is required');
    for (const bad of ['0', '-1', '1.5', 'x', ''])
      expect(() => parseCiLog(['--project', 'p', `--execute-count=${bad}`, '--', 'make'], env)).toThrow(
        '--execute-count must be a whole number ≥ 1',
      );
    expect(() => parseCiLog(['--project', 'p', '--colour', '--', 'make'], env)).toThrow(/Unknown option '--colour'/);
  });
});
