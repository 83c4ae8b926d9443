// One JSON line per event on stdout, for log collectors; on a terminal, readable lines
// instead (pino-pretty, in this thread: no worker for a transport). pino-pretty is loaded only
// then: a server writing JSON does not keep it (~1 MB of heap) for nothing.
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

const require = createRequire(import.meta.url);

export function createLogger(level: Config['logLevel'], format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'logcenter' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options);
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(
    options,
    pretty({
      sync: true,
      singleLine: true,
      colorize: process.stdout.isTTY === true,
      ignore: 'pid,hostname,service,event',
      translateTime: 'SYS:HH:MM:ss',
    }),
  );
}
