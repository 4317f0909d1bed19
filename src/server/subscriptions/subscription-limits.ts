import { clientIpKey } from '../../rate-limit/client-ip-key.js';

/**
 * The concurrency limits of GraphQL subscriptions on this replica: open WebSockets per client address
 * (an IPv6 client counts by its /64), subscriptions per connection and per caller across their
 * connections. Counts only; no clock. Every `take` that returns true is paired with one `release`.
 */
export class SubscriptionLimits {
  private readonly connectionsByIp = new Map<string, number>();
  private readonly subscriptionsByCaller = new Map<string, number>();

  constructor(private readonly limits: { maxConnectionsPerIp: number; maxPerConnection: number; maxPerCaller: number }) {}

  /** Counts a new connection from `ip`; false (nothing counted) when the address has as many as allowed. */
  takeConnection(ip: string): boolean {
    return take(this.connectionsByIp, clientIpKey(ip), this.limits.maxConnectionsPerIp);
  }

  releaseConnection(ip: string): void {
    release(this.connectionsByIp, clientIpKey(ip));
  }

  /**
   * Counts a new subscription of `callerId` on a connection already holding `onConnection`. Returns
   * which limit refuses it, or null when it was counted.
   */
  takeSubscription(callerId: string, onConnection: number): 'connection' | 'caller' | null {
    if (onConnection >= this.limits.maxPerConnection) return 'connection';
    return take(this.subscriptionsByCaller, callerId, this.limits.maxPerCaller) ? null : 'caller';
  }

  releaseSubscription(callerId: string): void {
    release(this.subscriptionsByCaller, callerId);
  }

  /** Subscriptions counted on this replica. */
  get subscriptions(): number {
    let total = 0;
    for (const n of this.subscriptionsByCaller.values()) total += n;
    return total;
  }
}

function take(counts: Map<string, number>, key: string, max: number): boolean {
  const current = counts.get(key) ?? 0;
  if (current >= max) return false;
  counts.set(key, current + 1);
  return true;
}

function release(counts: Map<string, number>, key: string): void {
  const current = counts.get(key) ?? 0;
  if (current <= 1) counts.delete(key);
  else counts.set(key, current - 1);
}
