import { RateLimitedError } from '../errors/gateway-errors.js';

/**
 * Bounds how many provider calls one caller has running at once, in this process. A call beyond the
 * bound is refused at once (RATE_LIMITED, `limit: in_flight`), never queued: a queue would hold the
 * caller's requests and sockets just the same. The shared socket pool of a provider is then split
 * among callers instead of being taken by the first one to send many concurrent requests.
 */
export class InFlightLimiter {
  private readonly running = new Map<string, number>();

  constructor(readonly maxPerKey: number) {}

  /** Takes a slot for `key`; the returned function gives it back (calling it twice gives back once). */
  acquire(key: string): () => void {
    const current = this.running.get(key) ?? 0;
    if (current >= this.maxPerKey) throw new RateLimitedError('in_flight', 1);
    this.running.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left <= 0) this.running.delete(key);
      else this.running.set(key, left);
    };
  }

  /** Calls running for `key` (for tests and diagnostics). */
  inFlight(key: string): number {
    return this.running.get(key) ?? 0;
  }
}
