// One JSON line per event on stdout, for log collectors; on a terminal, readable lines
// instead (pino-pretty, in this thread: no worker for a transport).
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

export function createLogger(level: Config['logLevel'], format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'logcenter' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ sync: true, singleLine: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service,event', translateTime: 'SYS:HH:MM:ss' }));
}
