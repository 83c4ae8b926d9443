// @logcenter/sdk, the parts that work everywhere. Use `@logcenter/sdk/node` or
// `@logcenter/sdk/browser` (bundlers pick it from `@logcenter/sdk`) for the global handlers.
import { LogCenterClient, type Breadcrumb, type Level } from './client.ts';

export { LogCenterClient, SDK_VERSION, type Breadcrumb, type Level, type Options, type Report } from './client.ts';
export { retryAfterMs, type Sender } from './transport.ts';

let current: LogCenterClient | undefined;

export function setClient(client: LogCenterClient | undefined) {
  current = client;
}
export const getClient = () => current;

export const captureException = (error: unknown, context?: Record<string, unknown>, level?: Level) =>
  current?.captureException(error, context, level);
export const captureMessage = (message: string, level?: Level, context?: Record<string, unknown>) =>
  current?.captureMessage(message, level, context);
export const captureResponse = (
  response: { status: number; url?: string; statusText?: string },
  context?: Record<string, unknown>,
  method?: string,
) => current?.captureResponse(response, context, method);
export const addBreadcrumb = (crumb: Breadcrumb) => current?.addBreadcrumb(crumb);
export const flush = (timeoutMs?: number) => current?.flush(timeoutMs) ?? Promise.resolve(true);
