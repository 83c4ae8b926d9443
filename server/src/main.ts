// `logcenter start`: reads the environment, starts the server, shuts down gracefully.
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { buildApp, type App } from './app.ts';
import { startIdleCollection } from './idle-gc.ts';
import type { Config } from './config.ts';

/** On a terminal: where to go, how to sign in the first time, and where the data is. */
function banner(config: Config, app: App, urls: { api: string; web: string }): string {
  const host = ['0.0.0.0', '::', '127.0.0.1'].includes(config.host) ? 'localhost' : config.host;
  const data =
    config.database.kind === 'pglite' ? `${config.database.dataDir} (embedded database)` : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    '',
    '  Log Center is running',
    `  Dashboard   http://${host}:${new URL(urls.web).port}`,
    `  API         http://${host}:${new URL(urls.api).port}   (reference: /docs)`,
    ...(app.firstAdmin
      ? [
          `  Sign in as  ${app.firstAdmin.email}   one-time password: ${app.firstAdmin.password}   (change it on your account page)`,
        ]
      : []),
    `  Data        ${data}`,
    '',
  ];
  return lines.join('\n');
}

export async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  const app = await buildApp(config, logger);
  const urls = await app.start();
  if (config.logFormat === 'pretty') process.stdout.write(`${banner(config, app, urls)}\n`);
  const stopIdleCollection = startIdleCollection(logger);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stopIdleCollection();
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
