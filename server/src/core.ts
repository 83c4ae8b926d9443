// What every part of the server works with: the database and the event stream.
import type { PrismaClient } from './generated/prisma/client.ts';
import type { EventPublisher } from './issues/events.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import type { Logger } from './log.ts';
import type { Ingester } from './ingest/pipeline.ts';
import type { RuleCache } from './notify/rule-cache.ts';
import type { IngestKeys } from './projects/ingest-keys.ts';
import type { ProjectAdmission } from './projects/admission.ts';
import type { Builds } from './builds/builds.ts';
import type { SqlClient } from './db/client.ts';
import type { Releases } from './releases/releases.ts';
import type { Artifacts } from './releases/artifacts.ts';
import type { SourceMaps } from './releases/source-maps.ts';

export type Core = {
  prisma: PrismaClient;
  /** Prepared SQL for the hot statements (a request's viewer, build logs). */
  sql: SqlClient;
  /** Publish here, after commit; subscribe through `pubsub`. */
  events: EventPublisher;
  pubsub: PubSub;
  logger: Logger;
  /** Stores a request's accepted reports (group-committed with other requests'). */
  ingest: Ingester;
  /** The notification rules, cached; tell it when they change. */
  rules: RuleCache;
  /** Which projects require a key for reports, cached; tell it when that or their keys change. */
  ingestKeys: IngestKeys;
  /** Lets a report's unknown project into existence, within AUTO_CREATE_PROJECTS and its limits. */
  projects: ProjectAdmission;
  /** Build logs: lines, steps and statuses of CI runs. */
  builds: Builds;
  /** Releases, their commits and deploys. */
  releases: Releases;
  /** Uploaded artifact bundles (source maps). */
  artifacts: Artifacts;
  /** JavaScript frames resolved through those bundles' source maps. */
  sourceMaps: SourceMaps;
};
