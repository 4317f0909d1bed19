import type { RedisConfig } from './config.types.js';
import type { ConfigContext } from './config-rules.js';

/** Shared state (REDIS_URL) for room ownership and rate limits; null keeps both in this process. */
export function sharedStateConfig({ e, production, notices }: ConfigContext): RedisConfig | null {
  if (production && !e.REDIS_URL) {
    notices.push('REDIS_URL is not set: room ownership and rate limits live in this process only; run a single replica or set REDIS_URL');
  }
  return e.REDIS_URL ? { url: e.REDIS_URL } : null;
}
