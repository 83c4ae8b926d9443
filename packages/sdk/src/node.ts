// @logcenter/sdk for Node: init() also reports uncaught exceptions and unhandled
// rejections, waits (briefly) for them to be delivered, then exits as Node would have.
import { hostname } from 'node:os';
import { LogCenterClient, type Options } from './client.ts';
import { setClient } from './index.ts';

export * from './index.ts';

const FATAL_FLUSH_MS = 2000;

function installHandlers(client: LogCenterClient) {
  const fatal = (error: unknown, kind: string) => {
    client.captureException(error, { mechanism: kind, handled: false }, 'CRITICAL');
    // Another listener means the app decides what happens next; alone, we do what Node does.
    const others = process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection') - 2;
    if (others > 0) return;
    void client.flush(FATAL_FLUSH_MS).finally(() => {
      console.error(
        kind === 'unhandledRejection' && !(error instanceof Error)
          ? `Unhandled promise rejection: ${String(error)}`
          : ((error as Error)?.stack ?? error),
      );
      process.exit(1);
    });
  };
  process.on('uncaughtException', (error) => fatal(error, 'uncaughtException'));
  process.on('unhandledRejection', (reason) => fatal(reason, 'unhandledRejection'));
}

export function init(options: Options): LogCenterClient {
  const client = new LogCenterClient({
    ...options,
    context: { runtime: `node ${process.version}`, host: hostname(), pid: process.pid, ...options.context },
  });
  setClient(client);
  if (options.captureUnhandled !== false) installHandlers(client);
  return client;
}
