import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError, StateUnavailableError } from '../errors/gateway-errors.js';
import type { RateLimitRule } from '../policy/policy.types.js';

export interface RateLimitSubject {
  /** The caller id; null for an anonymous request (only the IP limit applies, and auth refuses it anyway). */
  callerId: string | null;
  ip: string;
}

/**
 * Counts credential mutations per caller and per client IP (fixed windows from the policy). In memory
 * for one process, or in Redis so every replica counts against the same budget. Fails closed: a Redis
 * failure is STATE_UNAVAILABLE, never an unlimited pass.
 */
export class CredentialRateLimiter {
  private readonly perCaller: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;

  constructor(rules: { perCaller: RateLimitRule; perIp: RateLimitRule }, redis: Redis | null, prefix = 'callgate:') {
    const build = (name: string, rule: RateLimitRule): RateLimiterAbstract => {
      const options = { keyPrefix: `${prefix}rl:${name}`, points: rule.points, duration: rule.durationSeconds };
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true }) : new RateLimiterMemory(options);
    };
    this.perCaller = build('caller', rules.perCaller);
    this.perIp = build('ip', rules.perIp);
  }

  /**
   * Takes `points` (one per credential mutation in the operation) from both budgets. Throws
   * RATE_LIMITED with the longer wait when either is exhausted, STATE_UNAVAILABLE when Redis fails.
   */
  async consume(subject: RateLimitSubject, points: number): Promise<void> {
    const checks: Array<['caller' | 'ip', Promise<RateLimiterRes>]> = [['ip', this.perIp.consume(subject.ip, points)]];
    if (subject.callerId !== null) checks.unshift(['caller', this.perCaller.consume(subject.callerId, points)]);
    const pending = checks.map(([, check]) => check);
    // The usual case, every budget has points left: one await, no per-outcome objects.
    if (await Promise.all(pending).then(() => true, () => false)) return;
    const outcomes = await Promise.allSettled(pending);
    let refused: { limit: 'caller' | 'ip'; waitMs: number } | null = null;
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      // rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent, with an Error when the store failed.
      if (!(outcome.reason instanceof RateLimiterRes)) throw new StateUnavailableError(outcome.reason);
      const waitMs = outcome.reason.msBeforeNext;
      if (!refused || waitMs > refused.waitMs) refused = { limit: checks[index][0], waitMs };
    }
    if (refused) throw new RateLimitedError(Math.max(1, Math.ceil(refused.waitMs / 1000)), refused.limit);
  }
}
