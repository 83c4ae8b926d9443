// `npm run db:migration -- <name>`: writes a migration for the changes made to
// prisma/schema.prisma since the last migration.
import { createMigration } from '../server/src/db/migrations.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run db:migration -- <name>   (e.g. add_issue_claims)');
  process.exit(2);
}
const dir = await createMigration(name);
console.log(dir ? `created ${dir}/migration.sql` : 'prisma/schema.prisma has no changes since the last migration');
