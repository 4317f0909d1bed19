/**
 * The credential and auth-failure budgets in memory mode, on jest's fake clock: windows open and
 * close without waiting on the real clock, and no socket is involved (Redis mode is covered by the
 * e2e and integration tests with a real redis-server).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CredentialRateLimiter } from '../../../src/rate-limit/credential-rate-limiter.js';

const rules = (callerPoints: number, ipPoints: number, durationSeconds = 60) => ({
  perCaller: { points: callerPoints, durationSeconds },
  perIp: { points: ipPoints, durationSeconds },
});

async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a refusal');
}

describe('CredentialRateLimiter (memory)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('serves a caller up to the per-caller budget, then refuses with RATE_LIMITED (caller) and the wait', async () => {
    const limiter = new CredentialRateLimiter(rules(3, 100), null);
    const alice = { callerId: 'alice', ip: '203.0.113.7' };
    for (let i = 0; i < 3; i++) await limiter.consume(alice, 1);
    jest.advanceTimersByTime(20_000);
    const error = await refusal(limiter.consume(alice, 1));
    expect(error).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'caller', retryAfterSeconds: 40 } });
    expect((error as { message: string }).message).toBe('Too many credential requests from you; try again in 40 s.');
  });

  it('opens a new window once the old one has passed', async () => {
    const limiter = new CredentialRateLimiter(rules(2, 100, 10), null);
    const alice = { callerId: 'alice', ip: '203.0.113.7' };
    await limiter.consume(alice, 2);
    await expect(limiter.consume(alice, 1)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    jest.advanceTimersByTime(9_999);
    await expect(limiter.consume(alice, 1)).rejects.toMatchObject({ extensions: { retryAfterSeconds: 1 } });
    jest.advanceTimersByTime(2);
    await expect(limiter.consume(alice, 1)).resolves.toBeUndefined();
  });

  it('charges several points at once (one per distinct charged root field)', async () => {
    const limiter = new CredentialRateLimiter(rules(5, 100), null);
    const alice = { callerId: 'alice', ip: '203.0.113.7' };
    await limiter.consume(alice, 4);
    await expect(limiter.consume(alice, 2)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'caller' } });
  });

  it('keeps callers apart but counts every caller behind one address against the per-IP budget', async () => {
    const limiter = new CredentialRateLimiter(rules(2, 3), null);
    await limiter.consume({ callerId: 'a', ip: '198.51.100.1' }, 1);
    await limiter.consume({ callerId: 'b', ip: '198.51.100.1' }, 1);
    await limiter.consume({ callerId: 'c', ip: '198.51.100.1' }, 1);
    const error = await refusal(limiter.consume({ callerId: 'd', ip: '198.51.100.1' }, 1));
    expect(error).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'ip' } });
    expect((error as { message: string }).message).toMatch(/^Too many credential requests from your network address; try again in \d+ s\.$/);
    // Another address and the same callers: served.
    await limiter.consume({ callerId: 'a', ip: '198.51.100.2' }, 1);
  });

  it('counts IPv6 clients by their /64', async () => {
    const limiter = new CredentialRateLimiter(rules(100, 2), null);
    await limiter.consume({ callerId: 'a', ip: '2001:db8:1:2::1' }, 1);
    await limiter.consume({ callerId: 'b', ip: '2001:db8:1:2:ffff::9' }, 1);
    await expect(limiter.consume({ callerId: 'c', ip: '2001:db8:1:2::abcd' }, 1)).rejects.toMatchObject({
      extensions: { limit: 'ip' },
    });
    await expect(limiter.consume({ callerId: 'c', ip: '2001:db8:1:3::1' }, 1)).resolves.toBeUndefined();
  });

  it('answers with the longer wait when both budgets are spent', async () => {
    const limiter = new CredentialRateLimiter({ perCaller: { points: 1, durationSeconds: 10 }, perIp: { points: 1, durationSeconds: 300 } }, null);
    await limiter.consume({ callerId: 'a', ip: '192.0.2.1' }, 1);
    await expect(limiter.consume({ callerId: 'a', ip: '192.0.2.1' }, 1)).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED', limit: 'ip', retryAfterSeconds: 300 },
    });
  });

  it('never answers a wait under one second', async () => {
    const limiter = new CredentialRateLimiter(rules(1, 100, 1), null);
    await limiter.consume({ callerId: 'a', ip: '192.0.2.1' }, 1);
    jest.advanceTimersByTime(999);
    await expect(limiter.consume({ callerId: 'a', ip: '192.0.2.1' }, 1)).rejects.toMatchObject({ extensions: { retryAfterSeconds: 1 } });
  });

  describe('auth failures', () => {
    it('counts failed authentications per address in a budget of their own, then refuses with limit auth', async () => {
      const limiter = new CredentialRateLimiter(rules(100, 2), null);
      expect(await limiter.recordAuthFailure('192.0.2.9')).toBeNull();
      expect(await limiter.recordAuthFailure('192.0.2.9')).toBeNull();
      const refused = await limiter.recordAuthFailure('192.0.2.9');
      expect(refused).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'auth', retryAfterSeconds: 60 } });
      expect(refused?.message).toBe('Too many failed authentication attempts from your network address; try again in 60 s.');
      // Another address has its own budget.
      expect(await limiter.recordAuthFailure('192.0.2.10')).toBeNull();
    });

    it('does not spend the credential budgets of verified callers behind the same address', async () => {
      const limiter = new CredentialRateLimiter(rules(100, 2), null);
      for (let i = 0; i < 5; i++) await limiter.recordAuthFailure('192.0.2.9');
      await limiter.consume({ callerId: 'alice', ip: '192.0.2.9' }, 2);
      await expect(limiter.consume({ callerId: 'alice', ip: '192.0.2.9' }, 1)).rejects.toMatchObject({ extensions: { limit: 'ip' } });
    });

    it('forgets failures when the window has passed', async () => {
      const limiter = new CredentialRateLimiter(rules(100, 1, 30), null);
      expect(await limiter.recordAuthFailure('192.0.2.9')).toBeNull();
      expect(await limiter.recordAuthFailure('192.0.2.9')).not.toBeNull();
      jest.advanceTimersByTime(30_001);
      expect(await limiter.recordAuthFailure('192.0.2.9')).toBeNull();
    });
  });
});
