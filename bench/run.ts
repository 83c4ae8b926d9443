// `npm run bench [-- ingestion fanout queries embedded footprint pipeline buildlogs]`: runs the named benchmarks (all by default).
import { startInfra } from './lib.ts';
import { ingestion } from './ingestion.ts';
import { queries } from './queries.ts';
import { fanout } from './fanout.ts';
import { embedded } from './embedded.ts';
import { footprint } from './footprint.ts';
import { pipeline } from './pipeline.ts';
import { buildlogs } from './buildlogs.ts';

const BENCHES = { ingestion, fanout, queries, embedded, footprint, pipeline, buildlogs } as const;
type Name = keyof typeof BENCHES;

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = (asked.length ? asked : Object.keys(BENCHES)) as Name[];
const infra = await startInfra();
try {
  for (const name of names) {
    console.log(`\n== ${name}`);
    const path = await BENCHES[name](infra);
    console.log(`written to ${path}`);
  }
} finally {
  infra.stop();
}
