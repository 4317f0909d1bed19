import type { Redis } from 'ioredis';

/** What `/readyz` reports about Redis eviction: never a reason to be not ready, but a warning to act on. */
export interface EvictionReport {
  /** The server's `maxmemory-policy`, or null when it cannot be read (CONFIG refused, e.g. on a managed service). */
  policy: string | null;
  detail: string;
  /** Set when room records could be evicted (or this cannot be told); the operator should act. */
  warning?: string;
}

/**
 * Reads Redis's `maxmemory-policy`. Only `noeviction` keeps room records safe: every record carries a
 * TTL, so the `volatile-*` policies may evict them as readily as the `allkeys-*` ones, and an evicted
 * record is an ownership lost (the next creator of that custom id becomes the owner). `maxmemory 0`
 * does not make another policy safe, since it can be raised at run time.
 */
export async function readRedisEviction(redis: Redis): Promise<EvictionReport> {
  let policy: string | null = null;
  try {
    const answer = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as unknown;
    if (Array.isArray(answer) && typeof answer[1] === 'string') policy = answer[1];
  } catch {
    policy = null;
  }
  if (policy === 'noeviction') return { policy, detail: 'maxmemory-policy noeviction' };
  const detail = policy === null ? 'maxmemory-policy unknown (CONFIG GET refused)' : `maxmemory-policy ${policy}`;
  return {
    policy,
    detail,
    warning: `${detail}: Redis may evict room ownership records; set maxmemory-policy noeviction (see docs/operations.md)`,
  };
}
