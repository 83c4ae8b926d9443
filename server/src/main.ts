// `logcenter start`: reads the environment, starts the server, shuts down gracefully.
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { buildApp } from './app.ts';

export async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, logger);
  await app.start();

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'server.stopping', signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error({ event: 'server.stop_timeout' }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.stop().then(
      () => {
        logger.info({ event: 'server.stopped' }, 'stopped cleanly');
        process.exit(0);
      },
      (err) => {
        logger.error({ err, event: 'server.stop_failed' }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
