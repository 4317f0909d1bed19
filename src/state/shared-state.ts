import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A dead Redis answers (with an error) within about this long; nothing waits on it longer. */
export const REDIS_TIMEOUT_MS = 1000;

/** The connection behind room ownership and rate limits: none (process memory) or one Redis. */
export interface SharedState {
  kind: 'memory' | 'redis';
  /** The Redis client, or null for process memory. */
  redis: Redis | null;
  /** Resolves true once the store answers (at once for memory), false when it did not within `timeoutMs`. */
  waitUntilReady(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryState(): SharedState {
  return { kind: 'memory', redis: null, waitUntilReady: async () => true, close: async () => undefined };
}

/**
 * Connects to Redis with short deadlines so a dead or hung server makes requests fail fast instead of
 * queueing: no offline queue, no resending after a reconnect, a command timeout. The client keeps
 * reconnecting in the background; requests meanwhile get STATE_UNAVAILABLE. Connection loss and
 * recovery are logged once each (the URL, which may hold a password, never is).
 */
export function createRedisState(url: string, logger: Logger): SharedState {
  const redis = new Redis(url, {
    connectTimeout: REDIS_TIMEOUT_MS,
    commandTimeout: REDIS_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  });
  let reachable: boolean | null = null;
  redis.on('ready', () => {
    if (reachable !== true) logger.info({ state: 'redis' }, 'shared state store connected');
    reachable = true;
  });
  redis.on('error', (error: Error) => {
    if (reachable === false) return;
    reachable = false;
    logger.error(
      { state: 'redis', err: { type: error.name, message: error.message } },
      'shared state store unreachable: credential mutations answer STATE_UNAVAILABLE until it is back',
    );
  });

  return {
    kind: 'redis',
    redis,
    async waitUntilReady(timeoutMs = 3000) {
      if (redis.status === 'ready') return true;
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          resolve(ok);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        redis.on('ready', onReady);
      });
    },
    async close() {
      if (redis.status === 'ready') {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}
