/**
 * A controllable wall clock for tests that run the gateway in this process (startTestGateway): only
 * `Date` is replaced (jest's fake timers with everything else left real), so sockets, timers and
 * timeouts behave as usual while every `Date.now()` (caller-token expiry in jose and the token cache,
 * the circuit breaker's half-open delay, the key-set cooldown and cache age) reads a clock the test
 * moves. Nothing waits on the real clock to reach a deadline. Call `restore()` (e.g. in afterEach).
 */
import { jest } from '@jest/globals';

export interface WallClock {
  /** Moves the wall clock forward. */
  advance(ms: number): void;
  /** Sets the wall clock to an absolute time (epoch milliseconds). */
  set(epochMs: number): void;
  restore(): void;
}

const REAL_APIS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

export function fakeWallClock(): WallClock {
  jest.useFakeTimers({ doNotFake: [...REAL_APIS], now: Date.now() });
  return {
    advance: (ms) => jest.setSystemTime(Date.now() + ms),
    set: (epochMs) => jest.setSystemTime(epochMs),
    restore: () => jest.useRealTimers(),
  };
}
