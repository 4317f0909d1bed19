import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError, StateUnavailableError } from '../errors/gateway-errors.js';
import type { RateLimitRule } from '../policy/policy.types.js';
import { clientIpKey } from './client-ip-key.js';

export interface RateLimitSubject {
  /** The verified caller; only authenticated requests spend the credential budgets. */
  callerId: string;
  ip: string;
}

/**
 * Counts the provider-reaching and credential fields of authenticated callers per caller and per
 * client IP (fixed windows from the policy), and failed authentications per client IP in a budget of
 * their own (the policy's per-IP rule, counted separately), so anonymous or forged requests never
 * spend what verified callers behind the same address need. IPv6 clients are counted by their /64
 * (clientIpKey). In memory for one process, or in Redis so every replica counts against the same
 * budget. The credential budgets fail closed: a Redis failure is STATE_UNAVAILABLE, never an
 * unlimited pass.
 */
export class CredentialRateLimiter {
  private readonly perCaller: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly authFailuresPerIp: RateLimiterAbstract;

  /**
   * @param onRefusal called once per refusal with its limit (`caller`, `ip`, `auth`), e.g. to count it
   *   in the metrics; every transport that charges through the limiter is counted the same way.
   */
  constructor(
    rules: { perCaller: RateLimitRule; perIp: RateLimitRule },
    redis: Redis | null,
    private readonly onRefusal: (limit: 'caller' | 'ip' | 'auth') => void = () => undefined,
    prefix = 'callgate:',
  ) {
    const build = (name: string, rule: RateLimitRule): RateLimiterAbstract => {
      const options = { keyPrefix: `${prefix}rl:${name}`, points: rule.points, duration: rule.durationSeconds };
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true }) : new RateLimiterMemory(options);
    };
    this.perCaller = build('caller', rules.perCaller);
    this.perIp = build('ip', rules.perIp);
    this.authFailuresPerIp = build('authfail', rules.perIp);
  }

  /**
   * Counts one failed authentication (an invalid token, or an anonymous operation) for the client's
   * address. Resolves with the RateLimitedError to answer instead of the authentication error once
   * the address has spent its budget, null otherwise. A store failure is null too: the request is
   * refused anyway (UNAUTHENTICATED), so there is nothing to fail closed on.
   */
  async recordAuthFailure(ip: string): Promise<RateLimitedError | null> {
    try {
      await this.authFailuresPerIp.consume(clientIpKey(ip), 1);
      return null;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return null;
      this.onRefusal('auth');
      return new RateLimitedError('auth', Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
  }

  /**
   * Takes `points` (one per distinct charged root field of the operation) from both budgets. Throws
   * RATE_LIMITED with the longer wait when either is exhausted, STATE_UNAVAILABLE when Redis fails.
   */
  async consume(subject: RateLimitSubject, points: number): Promise<void> {
    const checks: Array<['caller' | 'ip', Promise<RateLimiterRes>]> = [
      ['caller', this.perCaller.consume(subject.callerId, points)],
      ['ip', this.perIp.consume(clientIpKey(subject.ip), points)],
    ];
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
    if (!refused) return;
    this.onRefusal(refused.limit);
    throw new RateLimitedError(refused.limit, Math.max(1, Math.ceil(refused.waitMs / 1000)));
  }
}
