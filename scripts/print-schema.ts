// `npm run schema:print`: writes schema.graphql from the Pothos schema (sorted, so that
// diffs show real changes only). A test fails when the checked-in file is stale.
import { writeFileSync } from 'node:fs';
import { printedSchema, schemaFile } from '../server/src/graphql/print.ts';

writeFileSync(schemaFile, printedSchema());
console.log(`wrote ${schemaFile}`);
