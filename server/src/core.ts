// What every part of the server works with: the database and the event stream.
import type { PrismaClient } from './generated/prisma/client.ts';
import type { EventPublisher } from './issues/events.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import type { Logger } from './log.ts';

export type Core = {
  prisma: PrismaClient;
  /** Publish here, after commit; subscribe through `pubsub`. */
  events: EventPublisher;
  pubsub: PubSub;
  logger: Logger;
};
