import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from './helpers/database.ts';
import { numberArray, textArray } from '../server/src/db/pg-array.ts';

// What PostgreSQL reads the literals as is the test: any text, quotes, backslashes, braces,
// commas, the word NULL and empty strings included, must come back element for element.
describe('array literals', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createDatabase({ empty: true });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const roundTrip = async (literal: string, type: string) => {
    const { rows } = await client.query<{ a: unknown[] }>(`SELECT $1::${type} AS a`, [literal]);
    return rows[0]!.a;
  };

  it('text arrays come back as they were, nulls and awkward text included', async () => {
    const awkward = [
      '',
      'NULL',
      'null',
      '"',
      '\\',
      '\\"',
      '{a,b}',
      ' padded ',
      'a,b',
      '→ ✓ 😀',
      '\t\n\r',
      '\u001b[31m',
    ];
    expect(await roundTrip(textArray([...awkward, null]), 'text[]')).toEqual([...awkward, null]);
    // Text PostgreSQL can store: no NUL, no lone surrogate (storable() sees to both first).
    const storable = fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\u0000', '').toWellFormed());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(storable, { nil: null }), { maxLength: 20 }), async (values) => {
        expect(await roundTrip(textArray(values), 'text[]')).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it('number arrays keep every double, fractions and extremes included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 20 }),
        async (values) => {
          const back = (await roundTrip(numberArray(values), 'float8[]')) as number[];
          // -0 reads back as 0, which is the same time.
          expect(back.map((v) => v + 0)).toEqual(values.map((v) => v + 0));
        },
      ),
      { numRuns: 200 },
    );
  });
});
