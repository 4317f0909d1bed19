import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * ioredis is loaded only when Redis is configured: a single replica without REDIS_URL never needs it,
 * and loading it is about 0.1 s of start-up (docs/performance.md). It is a CommonJS package, so a
 * synchronous require keeps start-up code synchronous.
 */
const loadRedis = (): typeof import('ioredis').Redis => (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;

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

/** Resolves true once `redis` is ready (at once if it is), false when it was not within `timeoutMs`. */
export function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
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
  const Redis = loadRedis();
  const redis = new Redis(url, {
    connectTimeout: REDIS_TIMEOUT_MS,
    commandTimeout: REDIS_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    // How long a closing socket may linger before it is destroyed (ioredis waits 2 s by default, which
    // also holds the process open at shutdown when the server is already gone).
    disconnectTimeout: 200,
  });
  let reachable: boolean | null = null;
  let closing = false;
  redis.on('ready', () => {
    if (reachable !== true) logger.info({ state: 'redis' }, 'shared state store connected');
    reachable = true;
  });
  const lost = (err?: Error) => {
    if (reachable === false) return;
    reachable = false;
    logger.error(
      { state: 'redis', ...(err ? { err: { type: err.name, message: err.message } } : {}) },
      'shared state store unreachable: credential mutations answer STATE_UNAVAILABLE until it is back',
    );
  };
  // 'close' comes first when a server dies; 'error' when it cannot be reached at all.
  redis.on('close', () => {
    if (reachable === true && !closing) lost();
  });
  redis.on('error', (error: Error) => lost(error));

  return {
    kind: 'redis',
    redis,
    waitUntilReady: (timeoutMs = 3000) => redisReady(redis, timeoutMs),
    async close() {
      closing = true;
      if (redis.status === 'ready') {
        await redis.quit().catch(() => redis.disconnect());
      } else {
        redis.disconnect();
      }
    },
  };
}
