import pino, { type Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log record. A second line of
 * defence: the code never logs headers, tokens or secrets on purpose.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'password',
  '*.password',
];

/** Bytes buffered before a write, and the longest a buffered line waits (ms). */
export const LOG_BUFFER_BYTES = 4096;
export const LOG_FLUSH_INTERVAL_MS = 200;

/**
 * The root logger. Without a destination it writes to stdout through a buffer: lines are written
 * synchronously once 4 KiB have collected, or every 200 ms, whichever comes first, and on `flush()`
 * (main.ts flushes before exiting). Nothing is written off the main thread: one synchronous write per
 * few requests is cheaper than a write per line, or than handing each line to a worker (docs/performance.md).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'callgate' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: true, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS }),
  );
}
