/** The subscription concurrency limits: counts only, no sockets. */
import { describe, expect, it } from '@jest/globals';
import { SubscriptionLimits } from '../../../src/server/subscriptions/subscription-limits.js';

describe('SubscriptionLimits', () => {
  it('counts WebSockets per address, an IPv6 client by its /64, and gives slots back', () => {
    const limits = new SubscriptionLimits({ maxConnectionsPerIp: 2, maxPerConnection: 5, maxPerCaller: 5 });
    expect([limits.takeConnection('203.0.113.7'), limits.takeConnection('::ffff:203.0.113.7'), limits.takeConnection('203.0.113.7')]).toEqual([true, true, false]);
    expect(limits.takeConnection('203.0.113.8')).toBe(true);
    expect([limits.takeConnection('2001:db8:1:2::1'), limits.takeConnection('2001:db8:1:2:ffff::9'), limits.takeConnection('2001:db8:1:2::77')]).toEqual([true, true, false]);
    expect(limits.takeConnection('2001:db8:1:3::1')).toBe(true);
    limits.releaseConnection('203.0.113.7');
    expect(limits.takeConnection('203.0.113.7')).toBe(true);
    expect(limits.takeConnection('203.0.113.7')).toBe(false);
  });

  it('refuses past the per-connection limit first, then the per-caller limit across connections', () => {
    const limits = new SubscriptionLimits({ maxConnectionsPerIp: 10, maxPerConnection: 2, maxPerCaller: 3 });
    expect([limits.takeSubscription('ann', 0), limits.takeSubscription('ann', 1)]).toEqual([null, null]);
    expect(limits.takeSubscription('ann', 2)).toBe('connection');
    expect(limits.takeSubscription('ann', 0)).toBeNull();
    expect(limits.takeSubscription('ann', 1)).toBe('caller');
    expect(limits.takeSubscription('bob', 0)).toBeNull();
    expect(limits.subscriptions).toBe(4);
    limits.releaseSubscription('ann');
    expect(limits.takeSubscription('ann', 1)).toBeNull();
    for (let i = 0; i < 3; i++) limits.releaseSubscription('ann');
    limits.releaseSubscription('bob');
    expect(limits.subscriptions).toBe(0);
    // A release without a slot never goes below zero.
    limits.releaseSubscription('ann');
    expect(limits.subscriptions).toBe(0);
  });
});
