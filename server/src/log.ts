// One JSON line per event on stdout.
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'logcenter' }, timestamp: pino.stdTimeFunctions.isoTime });
}
