// @logcenter/sdk for browsers: init() also reports window errors and unhandled rejections,
// and hands whatever is still queued to navigator.sendBeacon when the page goes away.
import { LogCenterClient, type Options } from './client.ts';
import { setClient } from './index.ts';

export * from './index.ts';

function installHandlers(client: LogCenterClient) {
  addEventListener('error', (event: ErrorEvent) => {
    if (event.error) client.captureException(event.error, { mechanism: 'onerror', handled: false });
    else
      client.captureMessage(`${event.message} (${event.filename}:${event.lineno})`, 'ERROR', { mechanism: 'onerror' });
  });
  addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    client.captureException(event.reason, { mechanism: 'unhandledrejection', handled: false });
  });
}

function beaconOnUnload(client: LogCenterClient) {
  const url = `${client.options.url.replace(/\/+$/, '')}/api/v1/logs/report`;
  const drain = () => client.transport.drainWith((body) => navigator.sendBeacon?.(url, body) ?? false);
  addEventListener('pagehide', drain);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && drain());
}

export function init(options: Options): LogCenterClient {
  const client = new LogCenterClient({
    ...options,
    context: { url: location.href, userAgent: navigator.userAgent, ...options.context },
  });
  setClient(client);
  if (options.captureUnhandled !== false) installHandlers(client);
  beaconOnUnload(client);
  return client;
}
