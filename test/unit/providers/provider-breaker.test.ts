import { describe, expect, it } from '@jest/globals';
import { timeoutIsProviderFault } from '../../../src/providers/http/provider-breaker.js';

/** Timestamps relative to an injected clock: the attempt started at T. */
const T = 1_700_000_000_000;
const DEADLINE = 1000;

describe('timeoutIsProviderFault', () => {
  it('does not blame the provider for time spent waiting for a pooled socket', () => {
    expect(timeoutIsProviderFault({ event: 'request', start: T, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(false);
  });

  it('does not blame the provider when the request reached it with little of the deadline left', () => {
    const late = { event: 'request', start: T, socket: T + 900, error: T + DEADLINE };
    expect(timeoutIsProviderFault(late, DEADLINE, T + DEADLINE)).toBe(false);
  });

  it('blames the provider when it held the request for at least half the deadline', () => {
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 500, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    // Without an error timestamp the clock says when it ended.
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 100 }, DEADLINE, T + 700)).toBe(true);
    expect(timeoutIsProviderFault({ event: 'request', start: T, socket: T + 100 }, DEADLINE, T + 400)).toBe(false);
  });

  it('blames the provider for lookup and connect timeouts, and for timeouts without timings', () => {
    for (const event of ['lookup', 'connect', 'secureConnect']) {
      expect(timeoutIsProviderFault({ event, start: T, socket: T + 990, error: T + DEADLINE }, DEADLINE, T + DEADLINE)).toBe(true);
    }
    expect(timeoutIsProviderFault(undefined, DEADLINE, T)).toBe(true);
  });
});
