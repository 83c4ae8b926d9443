// The GraphQL schema: every domain module registers its types and fields on the builder.
import { builder } from './builder.ts';
import './errors.ts';
import './project.ts';
import './issue.ts';
import './stats.ts';
import './events.ts';
import './claims.ts';
import './keys.ts';
import './notifications.ts';
import './accounts.ts';
import './builds.ts';
import './releases.ts';

export const schema = builder.toSchema();
